package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.plan.MakeDir;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * WORKDIR: BuildKit creates the directory (and its parents) in a layer of its own when it is
 * missing; when it exists the step adds no layer.
 */
final class MkdirOp implements Op<State> {

  private final Session session;
  private final MakeDir mkdir;
  private final String name;

  MkdirOp(Session session, MakeDir mkdir, String name) {
    this.session = session;
    this.mkdir = mkdir;
    this.name = name;
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) throws Exception {
    State in = inputs.get(0);
    LowerView view = new LowerView(session.layerDirs(in.layers()));
    if (view.isDirectory(mkdir.path())) {
      return in.plusEmpty(Steps.emptyHistory(name, Steps.now()));
    }
    Owners.Owner owner = mkdir.user().isEmpty()
        ? new Owners.Owner(0, 0)
        : Owners.resolve(mkdir.user(), view, Steps.instruction(name));
    List<String> missing = new ArrayList<>();
    String existing = mkdir.path();
    for (; !existing.equals("/") && !view.exists(existing); existing = CopyOp.parent(existing)) {
      missing.add(0, existing);
    }
    List<LayerEntry> entries = new ArrayList<>();
    CopyOp.existingParents(existing, view, entries, new java.util.HashSet<>());
    // As BuildKit: every directory made gets the build's time; with SOURCE_DATE_EPOCH the WORKDIR
    // itself gets the epoch (its parents are touched again when their child is made, so they keep the
    // build's time). The layer is the step's cached result, so a cached rebuild reuses it unchanged.
    Instant now = Steps.now();
    Instant epoch = session.sourceDateEpoch();
    for (String p : missing) {
      Instant t = epoch != null && p.equals(mkdir.path()) ? epoch : now;
      entries.add(LayerEntry.directory(p, 0755, t).withOwner(owner.uid(), owner.gid()));
    }
    Layer layer = session.writeLayer(entries);
    return in.plus(layer, Steps.history(name, now));
  }
}
