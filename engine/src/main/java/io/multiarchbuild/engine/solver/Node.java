package io.multiarchbuild.engine.solver;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scheduler's state for one vertex key, shared by every job that contains the key while it is
 * live. All mutable fields are guarded by the {@link Scheduler}'s lock.
 */
final class Node<T> {

  /** Progress towards this node's result. */
  enum Phase {
    /** Result not (yet) wanted. */
    IDLE,
    /** Wanted; waiting for the cache key before asking the cache. */
    WAIT_KEY,
    /** Asking the cache. */
    LOADING,
    /** Cache miss (or volatile); waiting for the inputs' results. */
    WAIT_INPUTS,
    /** Exec submitted to the pool, not yet running. */
    QUEUED,
    EXECUTING,
    DONE,
    FAILED,
    CANCELED;

    boolean terminal() {
      return this == DONE || this == FAILED || this == CANCELED;
    }
  }

  final String key;
  final String name;
  final Op<T> op;
  final List<Node<T>> inputs;
  final List<String> inputKeys;
  /** Sorted indices of the inputs whose results the cache key reads. */
  final int[] contentInputs;
  /** Never loaded from or saved to the cache (see package documentation). */
  final boolean volatileResult;
  final NodeContext ctx;

  /** Nodes that have this one as an input, in any job. */
  final Set<Node<T>> dependents = new LinkedHashSet<>();
  /** The live jobs that contain this node. */
  final Set<JobRun<T>> jobs = new LinkedHashSet<>();
  /** Worker threads currently inside this node's op or cache calls; interrupted on cancel. */
  final Set<Thread> threads = new HashSet<>();

  boolean keyWanted;
  boolean keyTaskSubmitted;
  String cacheKey;

  boolean resultWanted;
  Phase phase = Phase.IDLE;
  T result;
  long startNanos;

  /** Tasks that have started and not yet finished (queued tasks are not counted). */
  int running;
  boolean cancelRequested;
  /** Its op, content key or cache access threw. */
  boolean failed;

  Node(Vertex<T> vertex, List<Node<T>> inputs, int[] contentInputs, boolean volatileResult) {
    this.key = vertex.key();
    this.name = vertex.name();
    this.op = vertex.op();
    this.inputs = List.copyOf(inputs);
    this.inputKeys = inputs.stream().map(n -> n.key).toList();
    this.contentInputs = contentInputs;
    this.volatileResult = volatileResult;
    this.ctx = new NodeContext(key, name);
  }

  /** A dead node is never attached to another job; a new one replaces it under its key. */
  boolean dead() {
    return cancelRequested || failed || phase == Phase.CANCELED;
  }

  @Override
  public String toString() {
    return name + " (" + key + ")";
  }
}
