/**
 * One progress model for every build consumer. Producers (the solver, pushes, exporters) emit
 * {@link io.multiarchbuild.engine.progress.ProgressEvent}s through a {@link
 * io.multiarchbuild.engine.progress.ProgressWriter}; consumers are {@link
 * io.multiarchbuild.engine.progress.ProgressSink}s: the CLI renderers (plain, tty, rawjson), the
 * Jenkins console and the Jenkins build-page recorder. The event shapes follow BuildKit's {@code
 * client/graph.go} so {@code --progress=rawjson} output is interchangeable with BuildKit's.
 *
 * <p>A typical pipeline: producers → {@link io.multiarchbuild.engine.progress.SecretMasker} →
 * {@link io.multiarchbuild.engine.progress.ProgressSinks#limitLogs} → {@link
 * io.multiarchbuild.engine.progress.ProgressSinks#tee} (renderer, recorder). Masking comes first
 * so no consumer, not even the clipper's kept tail, ever holds a secret.
 */
package io.multiarchbuild.engine.progress;
