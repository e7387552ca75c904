package io.multiarchbuild.engine.progress;

import java.util.List;
import java.util.Objects;

/** Ready-made sinks and sink combinators. */
public final class ProgressSinks {

  /** BuildKit's per-step log limit ({@code BUILDKIT_STEP_LOG_MAX_SIZE} default): 2 MiB. */
  public static final long DEFAULT_LOG_LIMIT = 2L * 1024 * 1024;

  /** Pass as a log limit to keep every byte. */
  public static final long UNLIMITED = -1;

  private ProgressSinks() {}

  /**
   * A sink that forwards every event to each of {@code sinks} in order, and closes them all (in
   * order, even if one fails; the first failure is rethrown afterwards).
   */
  public static ProgressSink tee(ProgressSink... sinks) {
    List<ProgressSink> all = List.of(sinks);
    return new ProgressSink() {
      @Override
      public void accept(ProgressEvent event) {
        for (ProgressSink sink : all) {
          sink.accept(event);
        }
      }

      @Override
      public void close() {
        RuntimeException first = null;
        for (ProgressSink sink : all) {
          try {
            sink.close();
          } catch (RuntimeException e) {
            if (first == null) {
              first = e;
            } else {
              first.addSuppressed(e);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      }
    };
  }

  /** A sink that ignores everything ({@code --progress=quiet}). */
  public static ProgressSink discard() {
    return event -> {};
  }

  /**
   * Clips each vertex's log output at {@code maxBytesPerVertex} (stdout and stderr together), as
   * BuildKit's daemon does: the chunk that crosses the limit is cut there and followed by one {@code
   * [output clipped, log limit 2MiB reached]} line; later output of that vertex is dropped. So that
   * clipping never hides why a step failed, the last lines of the dropped output are kept and, if
   * the vertex then fails, forwarded just before its failure under a {@code [last N lines of clipped
   * output]} marker. Non-log events always pass unchanged.
   *
   * @param maxBytesPerVertex the limit in bytes, or {@link #UNLIMITED}
   */
  public static ProgressSink limitLogs(long maxBytesPerVertex, ProgressSink downstream) {
    Objects.requireNonNull(downstream, "downstream");
    if (maxBytesPerVertex == UNLIMITED) {
      return downstream;
    }
    LogClipper clipper = new LogClipper(maxBytesPerVertex);
    return new ProgressSink() {
      @Override
      public synchronized void accept(ProgressEvent event) {
        // Forwarding under the lock keeps each vertex's events in the order they were clipped.
        for (ProgressEvent out : clipper.apply(event)) {
          downstream.accept(out);
        }
      }

      @Override
      public void close() {
        downstream.close();
      }
    };
  }
}
