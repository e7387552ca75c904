package io.multiarchbuild.engine.progress;

import java.time.Instant;
import java.util.Objects;

/**
 * Progress of one sub-task of a vertex, such as a layer upload ({@code id} = the layer digest) or
 * {@code exporting layers}. {@code current}/{@code total} count bytes (or items); a total of 0 means
 * unknown. A finished status has {@code completed} set and, when a total is known, {@code current
 * == total}: totals always close.
 *
 * @param id the sub-task id, unique within its vertex
 * @param vertex digest of the owning vertex
 * @param name optional display name, may be empty
 * @param current progress so far
 * @param total expected total, 0 if unknown
 * @param started when the sub-task started, or null (BuildKit renderers ignore such statuses)
 * @param completed when it finished, or null
 * @param timestamp when this update was produced
 */
public record StatusEvent(
    String id,
    String vertex,
    String name,
    long current,
    long total,
    Instant started,
    Instant completed,
    Instant timestamp)
    implements ProgressEvent {

  public StatusEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vertex, "vertex");
    name = name == null ? "" : name;
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
