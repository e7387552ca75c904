package io.multiarchbuild.engine.progress;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One vertex's producer handle (see {@link ProgressWriter#vertex}). Each call emits the event(s)
 * BuildKit would: state changes re-send the whole {@link VertexEvent}; statuses carry their start
 * time and, when finished, their remainder ({@code current = total}). Finishing the vertex closes
 * every status still open, so no consumer is left with a half-filled bar. Thread-safe.
 */
public final class VertexHandle {

  /** The error text BuildKit reports for a canceled vertex; renderers show it as CANCELED. */
  public static final String CANCELED_ERROR = "context canceled";

  private final ProgressSink sink;
  private final Clock clock;
  private final String digest;
  private final String name;
  private final List<String> inputs;
  private final Map<String, OpenStatus> statuses = new LinkedHashMap<>();
  private Instant started;
  private Instant completed;

  VertexHandle(ProgressSink sink, Clock clock, String digest, String name, List<String> inputs) {
    this.sink = sink;
    this.clock = clock;
    this.digest = digest;
    this.name = name;
    this.inputs = List.copyOf(inputs);
  }

  /** The vertex id. */
  public String digest() {
    return digest;
  }

  synchronized void announce() {
    emitVertex(false, null, false);
  }

  /** Marks the vertex running (again, if it ran before: BuildKit sums the run intervals). */
  public synchronized void started() {
    started = clock.instant();
    completed = null;
    emitVertex(false, null, false);
  }

  /** Emits a chunk of output; {@code stream} is {@link LogEvent#STDOUT} or {@link LogEvent#STDERR}. */
  public void log(int stream, byte[] data) {
    sink.accept(new LogEvent(digest, stream, data, clock.instant()));
  }

  /** Emits text output as UTF-8. */
  public void log(int stream, String text) {
    log(stream, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reports progress of sub-task {@code id} (e.g. a layer digest); {@code total} 0 means unknown.
   * The first report fixes the sub-task's start time.
   */
  public synchronized void status(String id, long current, long total) {
    Instant now = clock.instant();
    OpenStatus s = statuses.computeIfAbsent(id, k -> new OpenStatus(now));
    s.current = current;
    s.total = total;
    sink.accept(new StatusEvent(id, digest, "", current, total, s.started, null, now));
  }

  /** Finishes sub-task {@code id}: reports its remainder ({@code current = total} when known). */
  public synchronized void statusDone(String id) {
    OpenStatus s = statuses.remove(id);
    Instant now = clock.instant();
    if (s == null) {
      s = new OpenStatus(now);
    }
    long current = s.total > 0 ? s.total : s.current;
    sink.accept(new StatusEvent(id, digest, "", current, s.total, s.started, now, now));
  }

  /** Adds a warning to the vertex. */
  public void warn(int level, String shortMessage, List<String> detail, String url) {
    sink.accept(new WarningEvent(digest, level, shortMessage, detail, url, null, 0, 0));
  }

  /** The result came from cache: the vertex starts and completes at once. */
  public synchronized void cached() {
    Instant now = clock.instant();
    if (started == null) {
      started = now;
    }
    finish(true, null, false);
  }

  /** The vertex finished successfully. */
  public synchronized void completed() {
    finish(false, null, false);
  }

  /** The vertex failed with {@code message} (one line, e.g. {@code process "…" did not complete successfully: exit code: 2}). */
  public synchronized void failed(String message) {
    finish(false, message, false);
  }

  /** The vertex was stopped because the build was canceled. */
  public synchronized void canceled() {
    finish(false, CANCELED_ERROR, true);
  }

  private void finish(boolean cached, String error, boolean canceled) {
    Instant now = clock.instant();
    boolean success = error == null;
    for (var e : List.copyOf(statuses.entrySet())) {
      OpenStatus s = e.getValue();
      long current = success && s.total > 0 ? s.total : s.current;
      sink.accept(new StatusEvent(e.getKey(), digest, "", current, s.total, s.started, now, now));
    }
    statuses.clear();
    completed = now;
    emitVertex(cached, error, canceled);
  }

  private void emitVertex(boolean cached, String error, boolean canceled) {
    sink.accept(new VertexEvent(digest, inputs, name, started, completed, cached, error, canceled));
  }

  private static final class OpenStatus {
    final Instant started;
    long current;
    long total;

    OpenStatus(Instant started) {
      this.started = started;
    }
  }
}
