package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.plan.FileCopy;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.util.List;

/**
 * The second half of {@code COPY --link}: puts the layer made by the copy on its own (input 1) on top
 * of the stage's file system (input 0). Nothing is read or written but the layer list, so after a
 * base change this is all that runs, and the image gets the very same layer blob as before.
 */
final class LinkMergeOp implements Op<State> {

  /**
   * Whether a copy gets link semantics. As in BuildKit, {@code --chmod} makes it an ordinary copy;
   * {@code --chown} may only use numeric ids or {@code root} (the planner rejects other names, which
   * would need the base's /etc/passwd; such a copy stays an ordinary one here should a plan have one).
   */
  static boolean applies(FileCopy f) {
    if (!f.link() || f.chmod() != null) {
      return false;
    }
    if (f.chown() == null || f.chown().isEmpty()) {
      return true;
    }
    return f.chown().matches("(\\d+|root)(:(\\d*|root))?");
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) {
    State base = inputs.get(0);
    State layer = inputs.get(1);
    if (layer.layers().size() != 1 || layer.history().size() != 1) {
      throw new IllegalStateException("a linked copy must yield exactly one layer, got " + layer.layers().size());
    }
    return base.plus(layer.layers().get(0), layer.history().get(0));
  }
}
