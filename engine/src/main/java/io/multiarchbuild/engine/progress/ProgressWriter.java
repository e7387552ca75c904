package io.multiarchbuild.engine.progress;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The producer side: hands out {@link VertexHandle}s that turn "this step started / logged / moved
 * bytes / finished" calls into correctly stamped events on one sink. Time comes from an injectable
 * {@link Clock} so tests get exact, repeatable output. Thread-safe.
 */
public final class ProgressWriter {

  private final ProgressSink sink;
  private final Clock clock;

  /** A writer stamping events with the system clock. */
  public ProgressWriter(ProgressSink sink) {
    this(sink, Clock.systemUTC());
  }

  public ProgressWriter(ProgressSink sink, Clock clock) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Announces a vertex as queued (not yet started) and returns its handle.
   *
   * @param digest the vertex id
   * @param name display name such as {@code [linux/arm64 build 2/5] RUN make}
   * @param inputs digests of the vertices it depends on
   */
  public VertexHandle vertex(String digest, String name, List<String> inputs) {
    VertexHandle handle = new VertexHandle(sink, clock, digest, name, inputs);
    handle.announce();
    return handle;
  }

  /** The sink events go to, for producers that forward foreign events (e.g. a remote BuildKit's). */
  public ProgressSink sink() {
    return sink;
  }
}
