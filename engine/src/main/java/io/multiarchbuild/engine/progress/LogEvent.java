package io.multiarchbuild.engine.progress;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A chunk of a vertex's output. Chunks are arbitrary byte slices: a line may span several chunks and
 * a chunk may hold several lines. The array is copied in and out so the event stays immutable.
 *
 * @param vertex digest of the owning vertex
 * @param stream 1 for stdout, 2 for stderr
 * @param data the bytes
 * @param timestamp when the bytes were produced
 */
public record LogEvent(String vertex, int stream, byte[] data, Instant timestamp) implements ProgressEvent {

  public static final int STDOUT = 1;
  public static final int STDERR = 2;

  public LogEvent {
    Objects.requireNonNull(vertex, "vertex");
    if (stream != STDOUT && stream != STDERR) {
      throw new IllegalArgumentException("log stream must be 1 (stdout) or 2 (stderr), was " + stream);
    }
    data = data.clone();
    Objects.requireNonNull(timestamp, "timestamp");
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Number of bytes, without copying them. */
  public int size() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEvent other
        && vertex.equals(other.vertex)
        && stream == other.stream
        && Arrays.equals(data, other.data)
        && timestamp.equals(other.timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(vertex, stream, Arrays.hashCode(data), timestamp);
  }

  @Override
  public String toString() {
    return "LogEvent[vertex=" + vertex + ", stream=" + stream + ", bytes=" + data.length + ", timestamp=" + timestamp + "]";
  }
}
