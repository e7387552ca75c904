package io.multiarchbuild.engine.dockerfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the data-driven test tables under {@code src/test/resources/dockerfile}: one case per line,
 * verbatim fields between « and », {@code #} comments and blank lines ignored.
 */
final class QuotedFieldTable {
  /** A non-comment line: its 1-based number, its text and its «» fields in order. */
  record Line(int number, String text, List<String> fields) {
    String field(int i) {
      return fields.get(i);
    }

    /** The text outside the «» fields, trimmed (e.g. "=>", "ERROR", "ENV name"). */
    String bare() {
      return text.replaceAll("«[^»]*»", "\u0000").trim();
    }

    @Override
    public String toString() {
      return "line " + number + ": " + text;
    }
  }

  private QuotedFieldTable() {}

  static List<Line> read(String resource) {
    try (InputStream in = QuotedFieldTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Line> lines = new ArrayList<>();
      String[] raw = text.split("\n", -1);
      for (int i = 0; i < raw.length; i++) {
        String line = raw[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        lines.add(new Line(i + 1, line, fields(line)));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (true) {
      int open = line.indexOf('«', i);
      if (open < 0) {
        return out;
      }
      int close = line.indexOf('»', open + 1);
      if (close < 0) {
        throw new IllegalStateException("unclosed « in: " + line);
      }
      out.add(line.substring(open + 1, close));
      i = close + 1;
    }
  }
}
