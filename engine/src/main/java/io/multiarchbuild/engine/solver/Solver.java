package io.multiarchbuild.engine.solver;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Solves graphs of {@link Vertex vertices}: the entry point of this package. One instance owns a
 * bounded worker pool and the single-flight map, so every build in a process should share one:
 * concurrent {@link #solve} calls then run a vertex key they have in common once (the context
 * transfer that the amd64 and arm64 graphs both need, or the same step of two builds).
 *
 * <p>How keys, the cache and laziness interact is described in the package documentation.
 *
 * @param <T> the result type of all ops
 */
public final class Solver<T> implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService pool;
  private final Scheduler<T> scheduler;
  private final int parallelism;

  private Solver(ResultCache<T> cache, int parallelism) {
    this.parallelism = parallelism;
    this.pool =
        new ThreadPoolExecutor(
            parallelism, parallelism, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
            workerThreads());
    this.scheduler = new Scheduler<>(cache, pool);
  }

  /** A solver running at most {@link Runtime#availableProcessors()} ops at a time. */
  public static <T> Solver<T> create(ResultCache<T> cache) {
    return create(cache, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param parallelism how many ops (and content-key and cache calls) may run at the same time
   */
  public static <T> Solver<T> create(ResultCache<T> cache, int parallelism) {
    Objects.requireNonNull(cache, "cache");
    if (parallelism < 1) {
      throw new IllegalArgumentException("solver parallelism must be at least 1, got " + parallelism);
    }
    return new Solver<>(cache, parallelism);
  }

  public int parallelism() {
    return parallelism;
  }

  /**
   * Computes the targets' results, executing only what the cache cannot supply.
   *
   * <p>Returns or throws only after every op this call cancelled has returned and the listener
   * has received its last event. Ops shared with another, still running solve are not cancelled
   * by this one's failure; they keep running for the other.
   *
   * @return each target's result, in the order given
   * @throws SolveException when a vertex failed: the first failure, with its vertex and unwrapped
   *     cause; everything else still pending was cancelled
   * @throws InterruptedException when the calling thread was interrupted: everything pending was
   *     cancelled the same way
   * @throws IllegalArgumentException when the graph is malformed (one key for two different
   *     vertices, a key cycle, content-key inputs out of range)
   * @throws RuntimeException what the listener threw, after cancelling the solve
   */
  public Map<Vertex<T>, T> solve(List<Vertex<T>> targets, SolveOptions options)
      throws SolveException, InterruptedException {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(options, "options");
    if (pool.isShutdown()) {
      throw new IllegalStateException("solver is closed");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("solve interrupted before it started");
    }
    JobRun<T> job = scheduler.start(targets);
    boolean interrupted = scheduler.awaitOutcome(job, options.listener());
    Map<Vertex<T>, T> results = scheduler.finish(job, interrupted, options.listener());
    if (job.listenerError != null) {
      throw withHookErrors(job, job.listenerError);
    }
    if (interrupted) {
      throw withHookErrors(job, new InterruptedException("solve interrupted; pending vertices were canceled"));
    }
    if (job.failure != null) {
      throw withHookErrors(
          job, new SolveException(job.failedNode.key, job.failedNode.name, job.failure));
    }
    return results;
  }

  /** Solves without a listener. */
  public Map<Vertex<T>, T> solve(List<Vertex<T>> targets) throws SolveException, InterruptedException {
    return solve(targets, SolveOptions.defaults());
  }

  /** Stops the worker pool. Call after every {@link #solve} has returned. */
  @Override
  public void close() {
    pool.shutdown();
  }

  private static <E extends Throwable> E withHookErrors(JobRun<?> job, E e) {
    for (Throwable hookError : job.hookErrors) {
      e.addSuppressed(hookError);
    }
    return e;
  }

  private static ThreadFactory workerThreads() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "solver-" + pool + "-worker-" + count.incrementAndGet());
      // Daemon, so a solver that is never closed cannot keep the JVM alive.
      t.setDaemon(true);
      return t;
    };
  }
}
