package io.multiarchbuild.engine.solver;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;

/**
 * One call of {@link Solver#solve}: its nodes, its outcome so far, and the listener events queued
 * for the calling thread. Fields are guarded by the scheduler's lock except where noted; the
 * listener is only ever called by the solving thread, outside the lock.
 */
final class JobRun<T> {
  final List<Vertex<T>> targets;
  final List<Node<T>> targetNodes = new ArrayList<>();
  /** Every node reachable from the targets, inputs before dependents. */
  final Set<Node<T>> nodes = new LinkedHashSet<>();
  /** Signalled when an event is queued or the outcome changes. */
  final Condition changed;

  private final ArrayDeque<Consumer<SolveListener>> events = new ArrayDeque<>();
  private final Set<Node<T>> startedReported = new HashSet<>();
  private final Set<Node<T>> terminalReported = new HashSet<>();

  Node<T> failedNode;
  Throwable failure;

  // Touched only by the solving thread.
  RuntimeException listenerError;
  final List<Throwable> hookErrors = new ArrayList<>();

  JobRun(List<Vertex<T>> targets, Condition changed) {
    this.targets = List.copyOf(targets);
    this.changed = changed;
  }

  boolean targetsDone() {
    for (Node<T> n : targetNodes) {
      if (n.phase != Node.Phase.DONE) {
        return false;
      }
    }
    return true;
  }

  void started(Node<T> n) {
    if (!terminalReported.contains(n) && startedReported.add(n)) {
      queue(l -> l.vertexStarted(n.key, n.name));
    }
  }

  void cached(Node<T> n) {
    if (terminalReported.add(n)) {
      queue(l -> l.vertexCached(n.key, n.name));
    }
  }

  void completed(Node<T> n, Duration duration) {
    if (terminalReported.add(n)) {
      queue(l -> l.vertexCompleted(n.key, n.name, duration));
    }
  }

  /** Reports a failed vertex; the first failure decides the solve's outcome. */
  void failed(Node<T> n, Throwable cause) {
    if (terminalReported.add(n)) {
      queue(l -> l.vertexFailed(n.key, n.name, cause));
    }
    if (failure == null) {
      failedNode = n;
      failure = cause;
      changed.signalAll();
    }
  }

  /**
   * Gives a node that has no terminal event yet its last word when the job ends: on success a
   * vertex that never started for this job was not needed (everything depending on it came from
   * the cache), which is reported as cached; anything else stopped unfinished.
   */
  void settle(Node<T> n, boolean success) {
    if (terminalReported.add(n)) {
      if (success && !startedReported.contains(n)) {
        queue(l -> l.vertexCached(n.key, n.name));
      } else {
        queue(l -> l.vertexCanceled(n.key, n.name));
      }
    }
  }

  List<Consumer<SolveListener>> takeEvents() {
    List<Consumer<SolveListener>> batch = new ArrayList<>(events);
    events.clear();
    return batch;
  }

  /** Calls the listener; solving thread only, without the scheduler's lock. */
  void deliver(List<Consumer<SolveListener>> batch, SolveListener listener) {
    for (Consumer<SolveListener> event : batch) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        if (listenerError == null) {
          listenerError = e;
        } else if (listenerError != e) {
          listenerError.addSuppressed(e);
        }
      }
    }
  }

  private void queue(Consumer<SolveListener> event) {
    events.add(event);
    changed.signalAll();
  }
}
