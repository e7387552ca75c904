package io.multiarchbuild.engine.progress;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-vertex log size accounting behind {@link ProgressSinks#limitLogs} and {@link
 * ProgressRecorder}. Not thread-safe; callers synchronise.
 */
final class LogClipper {

  /** How many lines of dropped output are kept for a failure. BuildKit's printer keeps 10. */
  static final int TAIL_LINES = 10;

  /** Longest kept tail line; a binary blob without newlines must not make the tail unbounded. */
  static final int TAIL_LINE_MAX = 4096;

  private final long limit;
  private final Map<String, State> states = new HashMap<>();

  LogClipper(long limit) {
    if (limit < 0 && limit != ProgressSinks.UNLIMITED) {
      throw new IllegalArgumentException("log limit must be >= 0 or -1 (unlimited), was " + limit);
    }
    this.limit = limit;
  }

  /** The marker line BuildKit prints, e.g. {@code [output clipped, log limit 2MiB reached]}. */
  static String clipMarker(long limit) {
    return "[output clipped, log limit " + binaryUnits(limit) + " reached]";
  }

  /** Formats a byte count the way BuildKit's {@code %#g} of {@code units.Bytes} does: 2MiB, 1.5KiB, 100B. */
  static String binaryUnits(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    long base = 1;
    while (unit < units.length - 1 && bytes >= base * 1024) {
      base *= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + "B";
    }
    BigDecimal value = new BigDecimal(bytes).divide(new BigDecimal(base)).stripTrailingZeros();
    return value.toPlainString() + units[unit];
  }

  /** The events to forward for {@code event}, in order. */
  List<ProgressEvent> apply(ProgressEvent event) {
    if (event instanceof LogEvent log) {
      return applyLog(log);
    }
    if (event instanceof VertexEvent v && v.isCompleted()) {
      State state = states.get(v.digest());
      if (state != null && state.clipped && v.isFailed() && state.hasTail()) {
        LogEvent tail = state.tailEvent(v.digest());
        state.tail.clear();
        state.partial.reset();
        return List.of(tail, event);
      }
    }
    return List.of(event);
  }

  /** Whether the vertex's output has reached the limit. */
  boolean isClipped(String vertex) {
    State state = states.get(vertex);
    return state != null && state.clipped;
  }

  private List<ProgressEvent> applyLog(LogEvent log) {
    if (limit == ProgressSinks.UNLIMITED) {
      return List.of(log);
    }
    State state = states.computeIfAbsent(log.vertex(), k -> new State());
    byte[] data = log.data();
    if (state.clipped) {
      if (state.clippedUpstream) {
        return List.of(log); // only the bounded failure tail of an upstream clipper follows
      }
      state.keep(data, log.stream(), log.timestamp());
      return List.of();
    }
    if (state.used + data.length <= limit) {
      state.used += data.length;
      return List.of(log);
    }
    int allowed = (int) (limit - state.used);
    state.used = limit;
    state.clipped = true;
    byte[] marker = ("\n" + clipMarker(limit) + "\n").getBytes(StandardCharsets.UTF_8);
    if (Arrays.equals(data, allowed, data.length, marker, 0, marker.length)) {
      // An identical clipper upstream (limitLogs in front of a ProgressRecorder) already cut here:
      // pass its output through instead of clipping the marker away and adding a second tail.
      state.clippedUpstream = true;
      return List.of(log);
    }
    byte[] out = new byte[allowed + marker.length];
    System.arraycopy(data, 0, out, 0, allowed);
    System.arraycopy(marker, 0, out, allowed, marker.length);
    // The dropped part may start mid-line; the fragment is still worth keeping for the tail. If the
    // cut fell exactly at a line end, that newline belongs to a line already shown.
    int restFrom = allowed < data.length && data[allowed] == '\n' ? allowed + 1 : allowed;
    byte[] rest = new byte[data.length - restFrom];
    System.arraycopy(data, restFrom, rest, 0, rest.length);
    state.keep(rest, log.stream(), log.timestamp());
    return List.of(new LogEvent(log.vertex(), log.stream(), out, log.timestamp()));
  }

  private static final class State {
    long used;
    boolean clipped;
    boolean clippedUpstream;
    final Deque<byte[]> tail = new ArrayDeque<>();
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    int stream = LogEvent.STDERR;
    Instant lastTimestamp;

    void keep(byte[] data, int fromStream, Instant timestamp) {
      stream = fromStream;
      lastTimestamp = timestamp;
      for (byte b : data) {
        if (b == '\n') {
          pushLine();
        } else if (partial.size() < TAIL_LINE_MAX) {
          partial.write(b);
        }
      }
    }

    private void pushLine() {
      tail.addLast(partial.toByteArray());
      partial.reset();
      while (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }

    boolean hasTail() {
      return !tail.isEmpty() || partial.size() > 0;
    }

    LogEvent tailEvent(String vertex) {
      if (partial.size() > 0) {
        pushLine();
      }
      List<byte[]> lines = new ArrayList<>(tail);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] header =
          ("[last " + lines.size() + (lines.size() == 1 ? " line" : " lines") + " of clipped output]\n").getBytes(StandardCharsets.UTF_8);
      out.writeBytes(header);
      for (byte[] line : lines) {
        out.writeBytes(line);
        out.write('\n');
      }
      return new LogEvent(vertex, stream, out.toByteArray(), lastTimestamp);
    }
  }
}
