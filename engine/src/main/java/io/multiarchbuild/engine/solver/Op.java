package io.multiarchbuild.engine.solver;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work of one vertex. Implementations must be thread-safe to the extent that the same op may
 * be asked for its content key and executed on different worker threads (only for volatile
 * vertices, see the package documentation); the solver never executes one vertex twice in one
 * job.
 *
 * @param <T> the result type shared by all ops of a graph
 */
public interface Op<T> {

  /**
   * Does the work. Called at most once per vertex key while jobs that share the key are active,
   * only after every input has a result, and only when the result was not found in the cache.
   * Long-running work should check {@link ExecContext#isCancelled()} or register {@link
   * ExecContext#onCancel(Runnable)}; the executing thread is also interrupted on cancellation.
   *
   * @param inputs the inputs' results, in the order of {@link Vertex#inputs()}
   * @return the result, never {@code null}
   * @throws Exception any failure; it fails the solve and is reported as the cause
   */
  T exec(ExecContext ctx, List<T> inputs) throws Exception;

  /**
   * Indices (into {@link Vertex#inputs()}) of the inputs whose results this op's cache key depends
   * on. Empty (the default) means the definition key and the inputs' cache keys determine the
   * result, so the vertex can be looked up in the cache before any input runs.
   */
  default Set<Integer> contentKeyInputs() {
    return Set.of();
  }

  /**
   * The "slow" part of the cache key: a digest of what this op reads from the results of its
   * {@link #contentKeyInputs()} (for example a checksum of the files a COPY takes from a build
   * context). Called only when {@code contentKeyInputs()} is not empty, at most once per vertex,
   * before the cache lookup.
   *
   * @param inputs the results of exactly the inputs named by {@link #contentKeyInputs()}, by index
   * @return a stable string; equal strings must mean equal content
   */
  default String contentKey(ExecContext ctx, Map<Integer, T> inputs) throws Exception {
    throw new UnsupportedOperationException(
        "op declares content-key inputs " + contentKeyInputs() + " but does not compute a content key");
  }

  /**
   * Whether results of this op may be loaded from and saved to the {@link ResultCache}. An op
   * whose definition key does not determine its result (a local build context) returns {@code
   * false}; it then always executes, and consumers that want to be cacheable must key on its
   * content through {@link #contentKeyInputs()}.
   */
  default boolean cacheable() {
    return true;
  }
}
