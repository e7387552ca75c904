package io.multiarchbuild.engine.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-way cancellation signal handed to long-running work. Cancelling runs every registered
 * callback once (on the cancelling thread); callbacks registered after cancellation run at once.
 */
public final class CancellationToken {

  private final List<Runnable> callbacks = new ArrayList<>();
  private boolean cancelled;

  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(callbacks);
      callbacks.clear();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Runs {@code callback} when this token is cancelled (now, if it already is).
   *
   * @return removes the callback again; call it when the work is done
   */
  public Runnable onCancel(Runnable callback) {
    synchronized (this) {
      if (!cancelled) {
        callbacks.add(callback);
        return () -> {
          synchronized (this) {
            callbacks.remove(callback);
          }
        };
      }
    }
    callback.run();
    return () -> {};
  }
}
