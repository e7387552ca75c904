package io.multiarchbuild.engine.progress;

/**
 * A consumer of progress events. Implementations must be safe to call from several producer threads
 * at once, and must render or store each event once, without interleaving output inside a line.
 * {@link #close()} ends the stream: renderers print their final summary there.
 */
public interface ProgressSink extends AutoCloseable {

  /** Consumes one event. Must not throw for well-formed events. */
  void accept(ProgressEvent event);

  /** Ends the stream; later events are a programming error and may be ignored. */
  @Override
  default void close() {}
}
