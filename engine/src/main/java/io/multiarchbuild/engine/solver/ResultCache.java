package io.multiarchbuild.engine.solver;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the solver looks for results before executing, and stores them after. Keys are the
 * solver's cache keys (see the package documentation), not definition keys. Implementations must be
 * thread-safe; both methods are called on solver worker threads.
 *
 * @param <T> the result type
 */
public interface ResultCache<T> {

  /** The result stored under {@code cacheKey}, if any. A failure fails the vertex. */
  Optional<T> load(String cacheKey) throws IOException;

  /**
   * Stores the result of a successful execution. Never called for a failed or cancelled vertex, nor
   * for a volatile one. A failure fails the vertex.
   */
  void save(String cacheKey, T result) throws IOException;

  /**
   * Tells the cache the cache key the solver derived for a vertex (by definition key), whether or not
   * the vertex is ever loaded or executed — so a cache exporter can name the results of every
   * vertex of a solve. Called under the scheduler's lock: it must be quick and must not call back
   * into the solver.
   */
  default void keyed(String vertexKey, String cacheKey) {}

  /** A cache that holds nothing: every vertex executes. */
  static <T> ResultCache<T> none() {
    return new ResultCache<>() {
      @Override
      public Optional<T> load(String cacheKey) {
        return Optional.empty();
      }

      @Override
      public void save(String cacheKey, T result) {}
    };
  }
}
