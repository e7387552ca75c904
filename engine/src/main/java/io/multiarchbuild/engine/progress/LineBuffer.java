package io.multiarchbuild.engine.progress;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one vertex's log chunks into lines, per stream, remembering when each line began (BuildKit
 * stamps a line with the time of its first chunk). Lines are split on bytes before decoding, so a
 * multi-byte character cut between chunks is decoded whole. Not thread-safe.
 */
final class LineBuffer {

  /** A complete line and the time its first byte arrived. */
  record Line(String text, Instant timestamp) {}

  private final ByteArrayOutputStream[] partial = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
  private final Instant[] partialSince = new Instant[2];

  /** Adds a chunk and returns the lines it completed. */
  List<Line> add(LogEvent log) {
    int s = log.stream() - 1;
    List<Line> lines = new ArrayList<>();
    byte[] data = log.data();
    int from = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        if (partial[s].size() == 0) {
          partialSince[s] = log.timestamp();
        }
        partial[s].write(data, from, i - from);
        lines.add(new Line(partial[s].toString(StandardCharsets.UTF_8), partialSince[s]));
        partial[s].reset();
        from = i + 1;
      }
    }
    if (from < data.length) {
      if (partial[s].size() == 0) {
        partialSince[s] = log.timestamp();
      }
      partial[s].write(data, from, data.length - from);
    }
    return lines;
  }

  /** Ends any unterminated lines (the vertex finished or the stream closed). */
  List<Line> flush() {
    List<Line> lines = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      if (partial[s].size() > 0) {
        lines.add(new Line(partial[s].toString(StandardCharsets.UTF_8), partialSince[s]));
        partial[s].reset();
      }
    }
    return lines;
  }

  /** The unterminated text of each stream, for live views. */
  List<String> pending() {
    List<String> out = new ArrayList<>();
    for (ByteArrayOutputStream p : partial) {
      if (p.size() > 0) {
        out.add(p.toString(StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
