package io.multiarchbuild.engine.solver;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The state machine behind {@link Solver}: one lock guards every node and job; demand ("want this
 * node's cache key / result") and progress ("an input's key or result is ready") flow through a
 * work list processed under the lock, and the only things that happen outside it are op calls,
 * cache calls, cancel hooks and listener calls. Nothing on the worker pool ever waits for another
 * task, so a bounded pool cannot deadlock on the graph's shape.
 */
final class Scheduler<T> {
  private enum Want {
    KEY,
    RESULT,
    ADVANCE
  }

  private record Work<T>(Want want, Node<T> node) {}

  private final ResultCache<T> cache;
  private final Executor pool;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a cancelled node's last running task ends. */
  private final Condition quiet = lock.newCondition();
  /** Live nodes by definition key: the single-flight map shared by concurrent jobs. */
  private final Map<String, Node<T>> active = new HashMap<>();
  private final ArrayDeque<Work<T>> work = new ArrayDeque<>();

  Scheduler(ResultCache<T> cache, Executor pool) {
    this.cache = cache;
    this.pool = pool;
  }

  // ---------------------------------------------------------------- job lifecycle (solving thread)

  /** Attaches a new job to the shared graph and asks for its targets' results. */
  JobRun<T> start(List<Vertex<T>> targets) {
    List<Vertex<T>> order = GraphWalk.inputsFirst(targets);
    lock.lock();
    try {
      JobRun<T> job = new JobRun<>(targets, lock.newCondition());
      Map<String, Node<T>> byKey = new HashMap<>();
      for (Vertex<T> v : order) {
        List<Node<T>> inputs = new ArrayList<>(v.inputs().size());
        for (Vertex<T> in : v.inputs()) {
          inputs.add(byKey.get(in.key()));
        }
        byKey.put(v.key(), nodeFor(v, inputs));
      }
      for (Vertex<T> v : order) {
        Node<T> n = byKey.get(v.key());
        n.jobs.add(job);
        job.nodes.add(n);
        // A job joining work already under way hears about it as if it had started it.
        if (n.phase == Node.Phase.EXECUTING) {
          job.started(n);
        } else if (n.phase == Node.Phase.DONE) {
          job.cached(n);
        }
      }
      for (Vertex<T> t : targets) {
        Node<T> n = byKey.get(t.key());
        job.targetNodes.add(n);
        work.add(new Work<>(Want.RESULT, n));
      }
      // Shared nodes held back because every job they served had failed move again for this one.
      for (Node<T> n : job.nodes) {
        work.add(new Work<>(Want.ADVANCE, n));
      }
      drainWork();
      return job;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Delivers events until the targets are done, a vertex failed, the listener threw, or the caller
   * was interrupted.
   *
   * @return whether the calling thread was interrupted
   */
  boolean awaitOutcome(JobRun<T> job, SolveListener listener) {
    return job.awaitOutcome(lock, listener);
  }

  /**
   * Detaches the job, cancels what no other job needs, runs the cancel hooks on this thread, waits
   * until every cancelled op has returned, and delivers the remaining events.
   *
   * @return the targets' results if the job succeeded, otherwise {@code null}
   */
  Map<Vertex<T>, T> finish(JobRun<T> job, boolean interrupted, SolveListener listener) {
    Map<Vertex<T>, T> results = null;
    List<Runnable> hooks = new ArrayList<>();
    List<Consumer<SolveListener>> last;
    lock.lock();
    try {
      boolean success =
          !interrupted && job.failure == null && job.listenerError == null && job.targetsDone();
      if (success) {
        results = new LinkedHashMap<>();
        for (int i = 0; i < job.targets.size(); i++) {
          results.put(job.targets.get(i), job.targetNodes.get(i).result);
        }
      }
      for (Node<T> n : job.nodes) {
        n.jobs.remove(job);
        job.settle(n, success);
      }
      for (Node<T> n : job.nodes) {
        if (n.jobs.isEmpty() && (!n.phase.terminal() || n.running > 0)) {
          hooks.addAll(cancel(n));
        }
      }
    } finally {
      lock.unlock();
    }
    for (Runnable hook : hooks) {
      try {
        hook.run();
      } catch (RuntimeException | Error e) {
        job.hookErrors.add(e);
      }
    }
    lock.lock();
    try {
      // No orphans: solve returns only when no op it cancelled is still running.
      while (hasRunningOrphan(job)) {
        quiet.awaitUninterruptibly();
      }
      for (Node<T> n : job.nodes) {
        if (n.jobs.isEmpty()) {
          release(n);
        }
      }
      last = job.takeEvents();
    } finally {
      lock.unlock();
    }
    job.deliver(last, listener);
    return results == null ? null : Collections.unmodifiableMap(results);
  }

  // ---------------------------------------------------------------- graph (under the lock)

  /** The live node for {@code v}'s key if it is the same computation, else a new one. */
  private Node<T> nodeFor(Vertex<T> v, List<Node<T>> inputs) {
    Node<T> existing = active.get(v.key());
    // Nodes compare by identity: reuse needs the very same input nodes, not just equal keys.
    if (existing != null && !existing.dead() && existing.inputs.equals(inputs)) {
      return existing;
    }
    Node<T> n = Node.create(v, inputs);
    for (Node<T> in : inputs) {
      in.dependents.add(n);
    }
    // A dead node under this key keeps serving the jobs that still hold it; new jobs get this one.
    active.put(v.key(), n);
    return n;
  }

  private void release(Node<T> n) {
    if (active.get(n.key) == n) {
      active.remove(n.key);
    }
    for (Node<T> in : n.inputs) {
      in.dependents.remove(n);
    }
  }

  private boolean hasRunningOrphan(JobRun<T> job) {
    for (Node<T> n : job.nodes) {
      if (n.jobs.isEmpty() && n.running > 0) {
        return true;
      }
    }
    return false;
  }

  private void drainWork() {
    Work<T> w;
    while ((w = work.poll()) != null) {
      Node<T> n = w.node();
      switch (w.want()) {
        case KEY -> {
          if (!n.keyWanted) {
            n.keyWanted = true;
            for (Node<T> in : n.inputs) {
              work.add(new Work<>(Want.KEY, in));
            }
            for (int i : n.contentInputs) {
              work.add(new Work<>(Want.RESULT, n.inputs.get(i)));
            }
            work.add(new Work<>(Want.ADVANCE, n));
          }
        }
        case RESULT -> {
          if (!n.resultWanted) {
            n.resultWanted = true;
            if (n.phase == Node.Phase.IDLE) {
              if (n.volatileResult) {
                waitForInputs(n);
              } else {
                n.phase = Node.Phase.WAIT_KEY;
                work.add(new Work<>(Want.KEY, n));
              }
            }
            work.add(new Work<>(Want.ADVANCE, n));
          }
        }
        case ADVANCE -> advance(n);
      }
    }
  }

  private void waitForInputs(Node<T> n) {
    n.phase = Node.Phase.WAIT_INPUTS;
    for (Node<T> in : n.inputs) {
      work.add(new Work<>(Want.RESULT, in));
    }
    work.add(new Work<>(Want.ADVANCE, n));
  }

  /** Moves a node on as far as its inputs allow, submitting work to the pool. Idempotent. */
  private void advance(Node<T> n) {
    if (n.dead() || n.heldBack()) {
      return;
    }
    if (n.keyWanted && n.cacheKey == null && !n.keyTaskSubmitted && keyInputsReady(n)) {
      if (n.contentInputs.length == 0) {
        n.cacheKey = CacheKeys.of(n.key, inputCacheKeys(n), null);
        cache.keyed(n.key, n.cacheKey);
        notifyProgress(n);
      } else {
        n.keyTaskSubmitted = true;
        pool.execute(() -> runKeyTask(n));
      }
    }
    switch (n.phase) {
      case WAIT_KEY -> {
        if (n.cacheKey != null) {
          n.phase = Node.Phase.LOADING;
          pool.execute(() -> runLoadTask(n));
        }
      }
      case WAIT_INPUTS -> {
        if (n.inputs.stream().allMatch(in -> in.phase == Node.Phase.DONE)) {
          n.phase = Node.Phase.QUEUED;
          pool.execute(() -> runExecTask(n));
        }
      }
      default -> {}
    }
  }

  private boolean keyInputsReady(Node<T> n) {
    for (Node<T> in : n.inputs) {
      if (in.cacheKey == null) {
        return false;
      }
    }
    for (int i : n.contentInputs) {
      if (n.inputs.get(i).phase != Node.Phase.DONE) {
        return false;
      }
    }
    return true;
  }

  private List<String> inputCacheKeys(Node<T> n) {
    List<String> keys = new ArrayList<>(n.inputs.size());
    for (Node<T> in : n.inputs) {
      keys.add(in.cacheKey);
    }
    return keys;
  }

  /** A node's key or result became available: whoever waits on it may move. */
  private void notifyProgress(Node<T> n) {
    work.add(new Work<>(Want.ADVANCE, n));
    for (Node<T> d : n.dependents) {
      work.add(new Work<>(Want.ADVANCE, d));
    }
  }

  private void fail(Node<T> n, Throwable error) {
    if (n.cancelRequested) {
      return; // whatever a cancelled op throws is the cancellation's doing, not a failure
    }
    Throwable cause = unwrap(error);
    n.failed = true;
    if (!n.phase.terminal()) {
      n.phase = Node.Phase.FAILED;
    }
    for (JobRun<T> job : n.jobs) {
      job.failed(n, cause);
    }
  }

  /** Requests cancellation; returns the op's hooks for the caller to run without the lock. */
  private List<Runnable> cancel(Node<T> n) {
    // The context first: an op woken by the interrupt must already see isCancelled().
    List<Runnable> hooks = n.ctx.cancel();
    if (!n.cancelRequested) {
      n.cancelRequested = true;
      for (Thread t : n.threads) {
        t.interrupt();
      }
      if (n.running == 0 && !n.phase.terminal()) {
        n.phase = Node.Phase.CANCELED;
      }
    }
    return hooks;
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  // ---------------------------------------------------------------- pool tasks

  private void exit(Node<T> n) {
    n.running--;
    if (n.cancelRequested && n.running == 0) {
      if (!n.phase.terminal()) {
        n.phase = Node.Phase.CANCELED;
      }
      quiet.signalAll();
    }
  }

  /** What a call made outside the lock gave: its value, or what it threw (a null value counts as a bug). */
  private record Outcome<R>(R value, Throwable error) {}

  @FunctionalInterface
  private interface Call<R> {
    R call() throws Exception;
  }

  private static <R> Outcome<R> call(Call<R> c, Supplier<String> nullMessage) {
    try {
      R value = c.call();
      return value == null ? new Outcome<>(null, new IllegalStateException(nullMessage.get())) : new Outcome<>(value, null);
    } catch (Throwable t) {
      return new Outcome<>(null, t);
    }
  }

  private void runKeyTask(Node<T> n) {
    Map<Integer, T> contentResults = new LinkedHashMap<>();
    lock.lock();
    try {
      if (n.cancelRequested) {
        return;
      }
      if (n.heldBack()) {
        n.keyTaskSubmitted = false;
        return;
      }
      n.enter();
      for (int i : n.contentInputs) {
        contentResults.put(i, n.inputs.get(i).result);
      }
    } finally {
      lock.unlock();
    }
    Outcome<String> content = call(() -> n.op.contentKey(n.ctx, Collections.unmodifiableMap(contentResults)),
        () -> "op of vertex " + n + " returned a null content key");
    lock.lock();
    try {
      n.leaveThread();
      if (content.error() != null) {
        fail(n, content.error());
      } else if (!n.cancelRequested) {
        n.cacheKey = CacheKeys.of(n.key, inputCacheKeys(n), content.value());
        cache.keyed(n.key, n.cacheKey);
        notifyProgress(n);
      }
      exit(n);
      drainWork();
    } finally {
      lock.unlock();
    }
  }

  private void runLoadTask(Node<T> n) {
    String cacheKey;
    lock.lock();
    try {
      if (n.cancelRequested || n.phase != Node.Phase.LOADING) {
        return;
      }
      if (n.heldBack()) {
        n.phase = Node.Phase.WAIT_KEY;
        return;
      }
      n.enter();
      cacheKey = n.cacheKey;
    } finally {
      lock.unlock();
    }
    Outcome<Optional<T>> hit = call(() -> cache.load(cacheKey), () -> "result cache returned null for " + cacheKey);
    lock.lock();
    try {
      n.leaveThread();
      if (hit.error() != null) {
        fail(n, hit.error());
      } else if (!n.cancelRequested) {
        if (hit.value().isPresent()) {
          n.result = hit.value().get();
          n.phase = Node.Phase.DONE;
          for (JobRun<T> job : n.jobs) {
            job.cached(n);
          }
          notifyProgress(n);
        } else {
          waitForInputs(n);
        }
      }
      exit(n);
      drainWork();
    } finally {
      lock.unlock();
    }
  }

  private void runExecTask(Node<T> n) {
    List<T> inputs = new ArrayList<>(n.inputs.size());
    lock.lock();
    try {
      if (n.cancelRequested || n.phase != Node.Phase.QUEUED) {
        return;
      }
      if (n.heldBack()) {
        n.phase = Node.Phase.WAIT_INPUTS;
        return;
      }
      n.phase = Node.Phase.EXECUTING;
      n.enter();
      n.startNanos = System.nanoTime();
      for (Node<T> in : n.inputs) {
        inputs.add(in.result);
      }
      for (JobRun<T> job : n.jobs) {
        job.started(n);
      }
    } finally {
      lock.unlock();
    }
    Outcome<T> outcome = call(() -> n.op.exec(n.ctx, Collections.unmodifiableList(inputs)),
        () -> "op of vertex " + n + " returned null");
    T result = outcome.value();
    Throwable error = outcome.error();
    lock.lock();
    try {
      n.leaveThread(); // saving below must not be hit by a cancel interrupt meant for the op
    } finally {
      lock.unlock();
    }
    if (error == null && !n.volatileResult && !n.ctx.isCancelled()) {
      try {
        cache.save(n.cacheKey, result);
      } catch (Throwable t) {
        error = t;
      }
    }
    lock.lock();
    try {
      if (error != null) {
        fail(n, error);
      } else if (!n.cancelRequested) {
        n.result = result;
        n.phase = Node.Phase.DONE;
        Duration took = Duration.ofNanos(System.nanoTime() - n.startNanos);
        for (JobRun<T> job : n.jobs) {
          job.completed(n, took);
        }
        notifyProgress(n);
      }
      exit(n);
      drainWork();
    } finally {
      lock.unlock();
    }
  }
}
