/**
 * A generic scheduler for a DAG of operations, in the manner of BuildKit's solver: it knows
 * vertices, keys, results and nothing else — no containers, files, Dockerfiles or image formats.
 * The build layer adapts its concrete operations (image pull, context transfer, RUN, COPY, ...)
 * to {@link io.multiarchbuild.engine.solver.Op} and its progress model to {@link
 * io.multiarchbuild.engine.solver.SolveListener}.
 *
 * <p>Entry point: {@link io.multiarchbuild.engine.solver.Solver#solve}. It runs independent
 * vertices in parallel on a bounded pool, runs each distinct vertex key once across all jobs that
 * are active at the same time (single flight), consults a caller-supplied {@link
 * io.multiarchbuild.engine.solver.ResultCache} before executing, evaluates lazily, and on the first
 * failure or an interrupt of the caller cancels everything still pending and waits for running
 * operations to clean up before it returns.
 *
 * <h2>Cache keys and laziness</h2>
 *
 * Every vertex has a <em>definition key</em> ({@link io.multiarchbuild.engine.solver.Vertex#key()},
 * computed by the caller from the operation's definition and its inputs' definition keys). From it
 * the solver derives the <em>cache key</em> that is used with the {@code ResultCache}:
 *
 * <pre>
 *   cacheKey(v) = sha256(v.key, cacheKey(input 0), ..., cacheKey(input n-1) [, v.op.contentKey(...)])
 * </pre>
 *
 * The content part is present only for an operation that names, in {@link
 * io.multiarchbuild.engine.solver.Op#contentKeyInputs()}, the inputs whose <em>results</em> its key
 * depends on (a COPY hashing the files it takes from the build context). So:
 *
 * <ul>
 *   <li>computing {@code cacheKey(v)} needs the cache keys of all of v's inputs, and the results of
 *       exactly the inputs in v's {@code contentKeyInputs()} — nothing else is executed for it;
 *   <li>obtaining v's result first computes {@code cacheKey(v)} and asks the cache; on a hit v is
 *       reported cached and none of its inputs is executed on v's behalf; on a miss all inputs'
 *       results are obtained, v is executed and its result saved;
 *   <li>a vertex is <em>volatile</em> when its operation is not {@link
 *       io.multiarchbuild.engine.solver.Op#cacheable() cacheable} (a build context, whose definition
 *       says nothing about its content), or when it has a volatile input that is not among its
 *       content-key inputs (its key would not see the input's content). A volatile vertex is never
 *       loaded from or saved to the cache: it always executes when its result is needed. A
 *       content-key input makes a consumer cacheable again, because the consumer's key then covers
 *       what it reads.
 * </ul>
 *
 * Consequently a graph without content-keyed operations is keyed entirely before anything runs,
 * and a cache hit on a target executes nothing at all.
 */
package io.multiarchbuild.engine.solver;
