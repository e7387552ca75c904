package io.multiarchbuild.engine.dockerfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the file into physical lines the way BuildKit's scanner does: only {@code \n} ends a line, the
 * terminator is kept in {@link Line#raw} (here-document bodies keep it, {@code \r} included), and
 * {@link Line#content} drops every trailing {@code \r}/{@code \n}. A final line without a terminator
 * still counts.
 */
final class LineReader {
  /** BuildKit reads with Go's default 64 KiB scanner buffer; longer lines fail there too. */
  static final int MAX_LINE_BYTES = 65535;

  /** One physical line; {@code number} is 1-based. */
  record Line(int number, String raw, String content) {}

  private LineReader() {}

  static List<Line> split(String fileName, String text) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 1;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      String raw = text.substring(start, end);
      checkLength(fileName, number, raw);
      lines.add(new Line(number, raw, trimNewline(raw)));
      number++;
      start = end;
    }
    return lines;
  }

  static String trimNewline(String raw) {
    int end = raw.length();
    while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
      end--;
    }
    return raw.substring(0, end);
  }

  private static void checkLength(String fileName, int number, String raw) {
    // cheap pre-check: a UTF-8 encoding is at most 3 bytes per UTF-16 char
    if ((long) raw.length() * 3 <= MAX_LINE_BYTES) {
      return;
    }
    int bytes = trimNewline(raw).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_LINE_BYTES) {
      throw new DockerfileError(
          fileName,
          number,
          "line is "
              + bytes
              + " bytes long, more than the "
              + MAX_LINE_BYTES
              + " bytes BuildKit accepts; split it with line continuations");
    }
  }
}
