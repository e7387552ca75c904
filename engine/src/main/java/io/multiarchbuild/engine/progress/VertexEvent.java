package io.multiarchbuild.engine.progress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The full current state of one vertex; a vertex is re-sent whenever its state changes (BuildKit
 * does the same), so a consumer can always replace what it held. Completion is {@code completed !=
 * null}; failure is a non-null {@code error}; {@code canceled} marks a vertex stopped because the
 * build was canceled (rendered {@code CANCELED}, not {@code ERROR}).
 *
 * @param digest the vertex id, a digest string such as {@code sha256:…}
 * @param inputs digests of the vertices this one depends on
 * @param name human name, e.g. {@code [linux/arm64 build 2/5] RUN make}
 * @param started latest start time, or null while queued
 * @param completed completion time, or null while queued or running
 * @param cached whether the result came from cache
 * @param error failure message, or null
 * @param canceled whether the vertex was canceled
 */
public record VertexEvent(
    String digest,
    List<String> inputs,
    String name,
    Instant started,
    Instant completed,
    boolean cached,
    String error,
    boolean canceled)
    implements ProgressEvent {

  public VertexEvent {
    Objects.requireNonNull(digest, "digest");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String vertex() {
    return digest;
  }

  /** Whether the vertex has finished, successfully or not. */
  public boolean isCompleted() {
    return completed != null;
  }

  /** Whether the vertex failed for a reason other than cancellation. */
  public boolean isFailed() {
    return error != null && !canceled;
  }
}
