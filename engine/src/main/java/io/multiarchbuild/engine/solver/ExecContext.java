package io.multiarchbuild.engine.solver;

import java.util.concurrent.CancellationException;

/**
 * What an {@link Op} sees of the solver while it computes its content key or executes:
 * cooperative cancellation. A vertex is cancelled when the solve it belongs to fails elsewhere or
 * its caller is interrupted, and no other active solve still needs it.
 */
public interface ExecContext {

  /** The vertex's definition key. */
  String vertexKey();

  /** The vertex's display name. */
  String vertexName();

  /** Whether the vertex has been cancelled; an op should then stop and clean up promptly. */
  boolean isCancelled();

  /**
   * Throws if the vertex has been cancelled.
   *
   * @throws CancellationException when {@link #isCancelled()}
   */
  void checkCancelled();

  /**
   * Registers a hook to run once when the vertex is cancelled, e.g. to kill a container process.
   * It runs on the thread that cancels the solve (not the op's thread), so it must not block for
   * long. If the vertex is already cancelled the hook runs immediately, on the calling thread.
   *
   * @return a handle that unregisters the hook once the guarded resource is gone
   */
  Registration onCancel(Runnable hook);

  /** Unregisters a cancel hook. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
