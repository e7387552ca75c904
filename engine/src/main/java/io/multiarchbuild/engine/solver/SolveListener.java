package io.multiarchbuild.engine.solver;

import java.time.Duration;

/**
 * Progress of one solve, vertex by vertex, identified by definition key. Every vertex reachable
 * from the targets receives exactly one terminal event (cached, completed, failed or canceled),
 * preceded by at most one {@code vertexStarted}. All calls for one solve are made on the thread that
 * called {@link Solver#solve}, in order, and none after {@code solve} returns — so an
 * implementation needs no locking of its own. A vertex shared by two concurrent solves reports to
 * both listeners.
 *
 * <p>Terminal events: <b>cached</b> — the result came from the cache or from a concurrent solve
 * that had already finished it, or the vertex was not needed because everything depending on it
 * was served from the cache; <b>completed</b> — it executed successfully; <b>failed</b> — its op,
 * content key or cache access threw; <b>canceled</b> — the solve stopped before the vertex
 * finished.
 *
 * <p>A listener that throws cancels the solve, and {@code solve} rethrows its exception.
 */
public interface SolveListener {

  /** A listener that ignores everything. */
  SolveListener NONE = new SolveListener() {};

  default void vertexStarted(String key, String name) {}

  default void vertexCached(String key, String name) {}

  default void vertexCompleted(String key, String name, Duration duration) {}

  default void vertexFailed(String key, String name, Throwable error) {}

  default void vertexCanceled(String key, String name) {}
}
