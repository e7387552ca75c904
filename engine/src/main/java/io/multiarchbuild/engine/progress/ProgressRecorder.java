package io.multiarchbuild.engine.progress;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the latest state of every vertex plus its (clipped) log, for UIs that show a build after the
 * fact (the Jenkins build page) and for failure summaries. Logs are clipped per vertex exactly as
 * {@link ProgressSinks#limitLogs} clips the live stream, including the kept last lines of a failed
 * vertex, so the stored log is what a live renderer showed; behind a {@code limitLogs} with the
 * same limit it recognises the upstream cut and stores the stream unchanged. Thread-safe.
 */
public final class ProgressRecorder implements ProgressSink {

  /**
   * What is known about one vertex.
   *
   * @param vertex its latest state
   * @param statuses latest state of each status, in first-seen order
   * @param warnings its warnings, in arrival order
   * @param logBytes size of the stored log
   * @param logClipped whether the log reached the limit
   * @param log the stored log (both streams in arrival order, clipped as above), decoded as UTF-8 —
   *     kept in the record so a finished build can be shown without the recorder
   */
  public record VertexRecord(
      VertexEvent vertex,
      List<StatusEvent> statuses,
      List<WarningEvent> warnings,
      long logBytes,
      boolean logClipped,
      String log) {

    public VertexRecord {
      statuses = List.copyOf(statuses);
      warnings = List.copyOf(warnings);
      log = log == null ? "" : log;
    }

    /** A record without its log text. */
    public VertexRecord(VertexEvent vertex, List<StatusEvent> statuses, List<WarningEvent> warnings, long logBytes,
        boolean logClipped) {
      this(vertex, statuses, warnings, logBytes, logClipped, "");
    }
  }

  private final LogClipper clipper;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** A recorder with BuildKit's 2 MiB per-vertex log limit. */
  public ProgressRecorder() {
    this(ProgressSinks.DEFAULT_LOG_LIMIT);
  }

  /** @param logLimitPerVertex bytes kept per vertex, or {@link ProgressSinks#UNLIMITED} */
  public ProgressRecorder(long logLimitPerVertex) {
    this.clipper = new LogClipper(logLimitPerVertex);
  }

  @Override
  public synchronized void accept(ProgressEvent event) {
    for (ProgressEvent e : clipper.apply(event)) {
      Entry entry = entries.computeIfAbsent(e.vertex(), Entry::new);
      if (e instanceof VertexEvent v) {
        entry.vertex = v;
      } else if (e instanceof StatusEvent s) {
        entry.statuses.put(s.id(), s);
      } else if (e instanceof LogEvent l) {
        entry.log.writeBytes(l.data());
      } else if (e instanceof WarningEvent w) {
        entry.warnings.add(w);
      }
    }
  }

  /** Every vertex that has been announced (by a {@link VertexEvent}), in first-seen order. */
  public synchronized List<VertexRecord> vertices() {
    List<VertexRecord> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.vertex != null) {
        out.add(e.snapshot());
      }
    }
    return out;
  }

  /** The record of one vertex, if it has been announced. */
  public synchronized Optional<VertexRecord> vertex(String digest) {
    Entry e = entries.get(digest);
    return e == null || e.vertex == null ? Optional.empty() : Optional.of(e.snapshot());
  }

  /** Vertices that failed (not canceled), in first-seen order. */
  public synchronized List<VertexRecord> failures() {
    return vertices().stream().filter(r -> r.vertex().isFailed()).toList();
  }

  /** The stored log of a vertex (both streams, in arrival order); empty if none. */
  public synchronized byte[] log(String digest) {
    Entry e = entries.get(digest);
    return e == null ? new byte[0] : e.log.toByteArray();
  }

  /**
   * The last {@code n} complete or partial lines of a vertex's stored log, decoded as UTF-8 — what a
   * failure summary shows.
   */
  public synchronized List<String> lastLogLines(String digest, int n) {
    String text = new String(log(digest), StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return List.of();
    }
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    List<String> lines = List.of(text.split("\n", -1));
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  private final class Entry {
    final String digest;
    VertexEvent vertex;
    final Map<String, StatusEvent> statuses = new LinkedHashMap<>();
    final List<WarningEvent> warnings = new ArrayList<>();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    Entry(String digest) {
      this.digest = digest;
    }

    VertexRecord snapshot() {
      return new VertexRecord(
          vertex, new ArrayList<>(statuses.values()), warnings, log.size(), clipper.isClipped(digest),
          log.toString(StandardCharsets.UTF_8));
    }
  }
}
