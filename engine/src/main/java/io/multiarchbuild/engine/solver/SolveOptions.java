package io.multiarchbuild.engine.solver;

import java.util.Objects;

/**
 * Per-solve options.
 *
 * @param listener receives the solve's progress events
 */
public record SolveOptions(SolveListener listener) {

  public SolveOptions {
    Objects.requireNonNull(listener, "listener");
  }

  /** No listener. */
  public static SolveOptions defaults() {
    return new SolveOptions(SolveListener.NONE);
  }

  public SolveOptions withListener(SolveListener newListener) {
    return new SolveOptions(newListener);
  }
}
