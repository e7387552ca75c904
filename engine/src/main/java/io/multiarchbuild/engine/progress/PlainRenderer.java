package io.multiarchbuild.engine.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * BuildKit's {@code --progress=plain} output ({@code progressui/printer.go}), rendered as events
 * arrive:
 *
 * <pre>
 * #1 [internal] load build definition from Dockerfile
 * #1 transferring dockerfile: 123B done
 * #1 DONE 0.1s
 *
 * #2 [linux/arm64 build 2/5] RUN make
 * #2 0.412 cc -c main.c
 * #2 ...
 * </pre>
 *
 * Vertices are numbered {@code #N} in the order they are first printed. Switching to another vertex
 * prints {@code #old ...} if the previous one is still running, a blank line and the {@code #N name}
 * header. Differences from BuildKit, all deliberate: events are printed when they arrive rather than
 * batched by BuildKit's 100 ms display tick and anti-flicker heuristics (so output is deterministic
 * and a Jenkins console sees it at once); partial log lines are held until their newline (or the
 * vertex's end) so every printed line is whole and can carry a per-line prefix; a vertex that fails
 * without ever starting is still shown; status throttling is tracked per vertex and status id.
 * After {@link #close()} a {@code ------} block with the last 10 log lines of every failed vertex
 * follows. Thread-safe: each event's output is written in one call.
 */
public final class PlainRenderer implements ProgressSink {

  /** Lines of a failed vertex kept for the summary, as BuildKit keeps. */
  static final int ERROR_LOG_LINES = 10;

  /** An intermediate status update is printed only after this much progress or this much time. */
  static final double MIN_PROGRESS_DELTA = 0.05;

  static final Duration MIN_TIME_DELTA = Duration.ofSeconds(5);

  private final PrintStream out;
  private final String prefix;
  /** First-seen order, so the close-time flush is deterministic. */
  private final Map<String, Vtx> vertices = new LinkedHashMap<>();
  private final Map<String, Vtx> printOrder = new LinkedHashMap<>();
  private Vtx current;
  private boolean notFirst;
  private int nextIndex;
  private boolean closed;

  public PlainRenderer(PrintStream out) {
    this(out, "");
  }

  /**
   * @param linePrefix put before every output line, e.g. {@code [linux/arm64] } for a Jenkins
   *     console that shows several platform builds at once; blank lines get it without trailing
   *     blanks
   */
  public PlainRenderer(PrintStream out, String linePrefix) {
    this.out = Objects.requireNonNull(out, "out");
    this.prefix = Objects.requireNonNull(linePrefix, "linePrefix");
  }

  @Override
  public synchronized void accept(ProgressEvent event) {
    if (closed) {
      return;
    }
    Text text = new Text();
    if (event instanceof VertexEvent v) {
      onVertex(v, text);
    } else if (event instanceof LogEvent l) {
      onLog(l, text);
    } else if (event instanceof StatusEvent s) {
      onStatus(s, text);
    } else if (event instanceof WarningEvent w) {
      onWarning(w, text);
    }
    text.writeTo(out);
  }

  /** Prints unterminated log lines and the failure summary; later events are ignored. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Text text = new Text();
    for (Vtx v : vertices.values()) {
      List<LineBuffer.Line> rest = v.lines.flush();
      if (!rest.isEmpty()) {
        switchTo(v, text);
        printLines(v, rest, text);
      }
    }
    for (Vtx v : printOrder.values()) {
      if (v.error != null && !v.canceled) {
        text.line("------");
        text.line(" > " + v.name + ":");
        for (String l : v.lastLines) {
          text.line(l);
        }
        text.line("------");
      }
    }
    text.writeTo(out);
  }

  private void onVertex(VertexEvent e, Text text) {
    Vtx v = vertices.computeIfAbsent(e.digest(), Vtx::new);
    boolean changed =
        !e.name().equals(v.name)
            || !Objects.equals(e.started(), v.started)
            || (e.completed() != null && !e.completed().equals(v.completed))
            || e.cached() != v.cached
            || !Objects.equals(e.error(), v.error);
    v.name = e.name();
    v.started = e.started();
    v.completed = e.completed();
    v.cached = e.cached();
    v.error = e.error();
    v.canceled = e.canceled() || (e.error() != null && e.error().endsWith(VertexHandle.CANCELED_ERROR));
    if (e.started() != null) {
      v.intervals.put(e.started(), e.completed());
    }
    if (!changed || (e.started() == null && e.completed() == null)) {
      return; // queued vertices are not shown until something happens to them
    }
    switchTo(v, text);
    if (e.completed() == null) {
      return;
    }
    printLines(v, v.lines.flush(), text);
    String n = "#" + v.index;
    if (v.error != null) {
      text.line(v.canceled ? n + " CANCELED" : n + " ERROR: " + v.error);
    } else if (v.cached) {
      text.line(n + " CACHED");
    } else if (v.intervals.isEmpty()) {
      text.line(n + " DONE");
    } else {
      text.line(n + " DONE " + Formats.fixed(Formats.runSeconds(v.intervals, e.completed()), 1) + "s");
    }
    current = null;
  }

  private void onLog(LogEvent e, Text text) {
    Vtx v = vertices.computeIfAbsent(e.vertex(), Vtx::new);
    List<LineBuffer.Line> lines = v.lines.add(e);
    if (!lines.isEmpty()) {
      switchTo(v, text);
      printLines(v, lines, text);
    }
  }

  private void printLines(Vtx v, List<LineBuffer.Line> lines, Text text) {
    List<Formats.Interval> runs = Formats.merge(v.intervals);
    Instant since = runs.isEmpty() ? null : runs.get(runs.size() - 1).start();
    for (LineBuffer.Line line : lines) {
      double t = since == null ? 0 : Formats.seconds(Duration.between(since, line.timestamp()));
      String formatted = "#" + v.index + " " + Formats.logTime(t) + " " + line.text();
      text.line(formatted);
      v.lastLines.addLast(formatted);
      if (v.lastLines.size() > ERROR_LOG_LINES) {
        v.lastLines.removeFirst();
      }
    }
  }

  private void onStatus(StatusEvent s, Text text) {
    if (s.started() == null) {
      return; // BuildKit lists a status only once it has started
    }
    Vtx v = vertices.computeIfAbsent(s.vertex(), Vtx::new);
    StatusEvent last = v.lastPrinted.get(s.id());
    if (last != null && s.completed() == null) {
      double progress = s.total() > 0 ? (double) (s.current() - last.current()) / s.total() : 0;
      Duration elapsed = Duration.between(last.timestamp(), s.timestamp());
      if (progress < MIN_PROGRESS_DELTA && elapsed.compareTo(MIN_TIME_DELTA) < 0) {
        return;
      }
    }
    v.lastPrinted.put(s.id(), s);
    String amount = "";
    if (s.total() != 0) {
      amount = " " + Formats.bytes(s.current()) + " / " + Formats.bytes(s.total());
    } else if (s.current() != 0) {
      amount = " " + Formats.bytes(s.current());
    }
    Instant end = s.completed() != null ? s.completed() : s.timestamp();
    String time = "";
    double diff = Formats.seconds(Duration.between(s.started(), end));
    if (diff > 0.01) {
      time = " " + Formats.fixed(diff, 1) + "s";
    }
    if (s.completed() != null) {
      time += " done";
    }
    switchTo(v, text);
    text.line("#" + v.index + " " + s.id() + amount + time);
  }

  private void onWarning(WarningEvent w, Text text) {
    Vtx v = vertices.computeIfAbsent(w.vertex(), Vtx::new);
    switchTo(v, text);
    text.line("#" + v.index + " WARN: " + w.shortMessage());
  }

  private void switchTo(Vtx v, Text text) {
    if (v.index == 0) {
      v.index = ++nextIndex;
      printOrder.put(v.digest, v);
    }
    if (current == v) {
      return;
    }
    if (current != null) {
      text.line("#" + current.index + " ...");
    }
    if (notFirst) {
      text.line("");
    }
    notFirst = true;
    text.line("#" + v.index + " " + v.name);
    current = v;
  }

  /** One event's output, written at once so concurrent sinks on the same stream never split a line. */
  private final class Text {
    private final StringBuilder sb = new StringBuilder();

    void line(String s) {
      sb.append(s.isEmpty() ? prefix.stripTrailing() : prefix + s).append('\n');
    }

    void writeTo(PrintStream stream) {
      if (sb.length() > 0) {
        stream.print(sb);
        stream.flush();
      }
    }
  }

  private static final class Vtx {
    final String digest;
    String name;
    int index;
    Instant started;
    Instant completed;
    boolean cached;
    String error;
    boolean canceled;
    final Map<Instant, Instant> intervals = new LinkedHashMap<>();
    final LineBuffer lines = new LineBuffer();
    final Deque<String> lastLines = new ArrayDeque<>();
    final Map<String, StatusEvent> lastPrinted = new HashMap<>();

    Vtx(String digest) {
      this.digest = digest;
      this.name = digest;
    }
  }
}
