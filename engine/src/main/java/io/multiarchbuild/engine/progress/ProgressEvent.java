package io.multiarchbuild.engine.progress;

/**
 * One progress record, always keyed by the digest of the vertex (build step) it belongs to. The four
 * kinds mirror BuildKit's {@code SolveStatus} lists: vertex state, byte/item status, log chunk and
 * warning.
 */
public sealed interface ProgressEvent permits VertexEvent, StatusEvent, LogEvent, WarningEvent {

  /** The digest of the vertex this event belongs to. */
  String vertex();
}
