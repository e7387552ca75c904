package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.nio.file.Path;
import java.util.List;

/**
 * The local build context. Nothing is transferred (the engine reads the directory in place); its
 * result is the directory and its .dockerignore rules. It is never cached: its definition says
 * nothing about its content, so COPYs key on the checksums of the files they read instead.
 */
final class ContextOp implements Op<State> {

  private final Path root;
  private final IgnoreRules ignore;

  ContextOp(Path root, IgnoreRules ignore) {
    this.root = root;
    this.ignore = ignore;
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) {
    return State.context(root, ignore);
  }

  @Override
  public boolean cacheable() {
    return false;
  }
}
