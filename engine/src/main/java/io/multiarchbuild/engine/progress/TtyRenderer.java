package io.multiarchbuild.engine.progress;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compact terminal view BuildKit shows when stdout is a terminal:
 *
 * <pre>
 * [+] Building 12.3s (7/9)
 *  => [internal] load build definition from Dockerfile                0.1s
 *  => CACHED [linux/arm64 base 1/4] FROM docker.io/library/alpine       0.0s
 *  => [linux/arm64 build 2/4] RUN make                                  4.2s
 *  => => # cc -c util.c
 * </pre>
 *
 * The block is redrawn in place (ANSI cursor-up and erase-line) at most every {@value #MIN_REDRAW_MS}
 * ms as events arrive; {@link #refresh()} redraws on demand (the CLI may call it from a timer so
 * the clock keeps ticking while a step is silent). Running vertices show the last {@value
 * #TAIL_LINES} lines of their output as {@code => => #} rows. {@link #close()} draws the final state
 * ({@code FINISHED} when every vertex completed) and the same failure summary as {@link
 * PlainRenderer}. Thread-safe.
 */
public final class TtyRenderer implements ProgressSink {

  static final long MIN_REDRAW_MS = 100;
  static final int TAIL_LINES = 6;
  /** Rows kept on screen; older completed rows scroll away first. */
  static final int MAX_ROWS = 40;

  private static final String ERASE_LINE = "\u001b[2K";

  private final PrintStream out;
  private final int width;
  private final Clock clock;
  private final Map<String, Vtx> vertices = new LinkedHashMap<>();
  private final List<Vtx> startOrder = new ArrayList<>();
  private Instant buildStart;
  private Instant lastDraw;
  private int drawnLines;
  private boolean closed;

  /** An 80-column view on the system clock. */
  public TtyRenderer(PrintStream out) {
    this(out, 80, Clock.systemUTC());
  }

  public TtyRenderer(PrintStream out, int width, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    if (width < 40) {
      throw new IllegalArgumentException("terminal width must be at least 40, was " + width);
    }
    this.width = width;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void accept(ProgressEvent event) {
    if (closed) {
      return;
    }
    Vtx v = vertices.computeIfAbsent(event.vertex(), Vtx::new);
    if (event instanceof VertexEvent e) {
      v.state = e;
      if (e.started() != null) {
        v.intervals.put(e.started(), e.completed());
        if (!startOrder.contains(v)) {
          startOrder.add(v);
        }
        if (buildStart == null || e.started().isBefore(buildStart)) {
          buildStart = e.started();
        }
      }
      if (e.isCompleted()) {
        v.keep(v.lines.flush());
      }
    } else if (event instanceof StatusEvent s) {
      if (s.started() != null) {
        v.statuses.put(s.id(), s);
      }
    } else if (event instanceof LogEvent l) {
      v.keep(v.lines.add(l));
    } else if (event instanceof WarningEvent w) {
      v.warnings.add(w.shortMessage());
    }
    Instant now = clock.instant();
    if (lastDraw == null || Duration.between(lastDraw, now).toMillis() >= MIN_REDRAW_MS) {
      draw(now, false);
    }
  }

  /** Redraws now, regardless of the rate limit. */
  public synchronized void refresh() {
    if (!closed) {
      draw(clock.instant(), false);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    for (Vtx v : vertices.values()) {
      v.keep(v.lines.flush());
    }
    draw(clock.instant(), true);
    closed = true;
    StringBuilder sb = new StringBuilder();
    for (Vtx v : startOrder) {
      if (v.state != null && v.state.isFailed()) {
        sb.append("------\n > ").append(v.state.name()).append(":\n");
        for (String l : v.errorLines) {
          sb.append(l).append('\n');
        }
        sb.append("------\n");
      }
    }
    out.print(sb);
    out.flush();
  }

  private void draw(Instant now, boolean last) {
    List<String> rows = rows(now, last);
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\u001b[").append(drawnLines).append("A\r");
    }
    for (String row : rows) {
      sb.append(ERASE_LINE).append(row).append('\n');
    }
    // A shorter block than last time leaves old rows below: blank them and step back up.
    int stale = drawnLines - rows.size();
    for (int i = 0; i < stale; i++) {
      sb.append(ERASE_LINE).append('\n');
    }
    if (stale > 0) {
      sb.append("\u001b[").append(stale).append("A\r");
    }
    out.print(sb);
    out.flush();
    drawnLines = rows.size();
    lastDraw = now;
  }

  List<String> rows(Instant now, boolean last) {
    int total = 0;
    int done = 0;
    Instant lastCompleted = null;
    for (Vtx v : vertices.values()) {
      if (v.state != null) {
        total++;
        if (v.state.isCompleted()) {
          done++;
          if (lastCompleted == null || v.state.completed().isAfter(lastCompleted)) {
            lastCompleted = v.state.completed();
          }
        }
      }
    }
    // Once everything has finished the build time is fixed; it must not grow while the CLI exits.
    Instant buildEnd = done > 0 && done == total ? lastCompleted : now;
    double elapsed = buildStart == null ? 0 : Formats.seconds(Duration.between(buildStart, buildEnd));
    String header = "[+] Building " + Formats.fixed(elapsed, 1) + "s (" + done + "/" + total + ")";
    if (last && done > 0 && done == total) {
      header += " FINISHED";
    }
    List<String> body = new ArrayList<>();
    for (Vtx v : startOrder) {
      VertexEvent s = v.state;
      String name = s.name().replace('\t', ' ');
      if (s.cached()) {
        name = "CACHED " + name;
      }
      if (s.error() != null) {
        name = (s.canceled() || s.error().endsWith(VertexHandle.CANCELED_ERROR) ? "CANCELED " : "ERROR ") + name;
      }
      body.add(row(" => " + name, Formats.runSeconds(v.intervals, now)));
      for (StatusEvent st : v.statuses.values()) {
        String amount =
            st.total() != 0
                ? " " + Formats.bytes(st.current()) + " / " + Formats.bytes(st.total())
                : st.current() != 0 ? " " + Formats.bytes(st.current()) : "";
        Instant end = st.completed() != null ? st.completed() : now;
        body.add(row(" => => " + st.id() + amount, Formats.seconds(Duration.between(st.started(), end))));
      }
      for (String w : v.warnings) {
        body.add(clip(" => WARN: " + w, width));
      }
      if (!s.isCompleted()) {
        for (String l : v.tail) {
          body.add(clip(" => => # " + l, width));
        }
        for (String p : v.lines.pending()) {
          body.add(clip(" => => # " + p, width));
        }
      }
    }
    if (!last && body.size() > MAX_ROWS) {
      body = body.subList(body.size() - MAX_ROWS, body.size());
    }
    List<String> rows = new ArrayList<>();
    rows.add(clip(header, width));
    rows.addAll(body);
    return rows;
  }

  /** {@code left} padded so the timer ends at the right edge; the name is cut, never the timer. */
  private String row(String left, double seconds) {
    String timer = " " + Formats.fixed(seconds < 0.05 ? 0 : seconds, 1) + "s";
    int room = width - timer.length();
    String l = left.length() > room ? left.substring(0, room) : left;
    return l + " ".repeat(room - l.length()) + timer;
  }

  private static String clip(String s, int width) {
    return s.length() > width ? s.substring(0, width) : s;
  }

  private static final class Vtx {
    final String digest;
    VertexEvent state;
    final Map<Instant, Instant> intervals = new LinkedHashMap<>();
    final Map<String, StatusEvent> statuses = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();
    final LineBuffer lines = new LineBuffer();
    final Deque<String> tail = new ArrayDeque<>();
    final Deque<String> errorLines = new ArrayDeque<>();

    Vtx(String digest) {
      this.digest = digest;
    }

    void keep(List<LineBuffer.Line> newLines) {
      for (LineBuffer.Line l : newLines) {
        push(tail, l.text(), TAIL_LINES);
        push(errorLines, l.text(), PlainRenderer.ERROR_LOG_LINES);
      }
    }

    private static void push(Deque<String> d, String s, int max) {
      d.addLast(s);
      while (d.size() > max) {
        d.removeFirst();
      }
    }

    @Override
    public String toString() {
      return digest;
    }
  }
}
