package io.multiarchbuild.engine.solver;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * The {@link ExecContext} of one scheduled vertex. Guarded by its own monitor rather than the
 * scheduler's lock, because ops call into it from worker threads without holding that lock (the
 * scheduler may call {@link #cancel()} while holding its lock: the order is always scheduler lock,
 * then this monitor).
 */
final class NodeContext implements ExecContext {
  private final String key;
  private final String name;
  private volatile boolean cancelled;
  private final Set<Runnable> hooks = new LinkedHashSet<>();

  NodeContext(String key, String name) {
    this.key = key;
    this.name = name;
  }

  @Override
  public String vertexKey() {
    return key;
  }

  @Override
  public String vertexName() {
    return name;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void checkCancelled() {
    if (cancelled) {
      throw new CancellationException(name + " was canceled");
    }
  }

  @Override
  public Registration onCancel(Runnable hook) {
    // A distinct wrapper per registration, so registering the same Runnable twice yields two hooks.
    Runnable entry = hook::run;
    synchronized (this) {
      if (!cancelled) {
        hooks.add(entry);
        return () -> {
          synchronized (this) {
            hooks.remove(entry);
          }
        };
      }
    }
    hook.run();
    return () -> {};
  }

  /** Marks the context cancelled; returns the hooks to run (once), for the caller to run unlocked. */
  synchronized List<Runnable> cancel() {
    if (cancelled) {
      return List.of();
    }
    cancelled = true;
    List<Runnable> toRun = new ArrayList<>(hooks);
    hooks.clear();
    return toRun;
  }
}
