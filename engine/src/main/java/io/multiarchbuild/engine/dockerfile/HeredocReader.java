package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds here-document markers on an instruction line and reads their bodies.
 *
 * <p>Markers are found as BuildKit does: the line is cut into shell words (quotes and backslashes
 * kept, nothing expanded), and every whole word of the form {@code [digits]<<[-]rest} is a marker
 * ({@code cat<<EOF} is not: the word must start with the marker). If the line cannot be cut into
 * words (an unterminated quote, a broken {@code ${...}}), it has no here-documents at all. The
 * delimiter is {@code rest} with quotes removed; quoting any part of it turns expansion off.
 */
final class HeredocReader {
  private static final Pattern MARKER = Pattern.compile("([0-9]*)<<(-?)([^<]*)", Pattern.DOTALL);

  /** A marker found on the line, before its body is read. */
  record Marker(String name, boolean expand, boolean chomp) {}

  private HeredocReader() {}

  static List<Marker> markers(String line) {
    List<String> words = rawWords(line);
    List<Marker> markers = new ArrayList<>();
    for (String w : words) {
      Matcher m = MARKER.matcher(w);
      if (!m.matches() || m.group(3).isEmpty()) {
        continue;
      }
      Marker marker = delimiter(m.group(3), m.group(2).equals("-"));
      if (marker != null) {
        markers.add(marker);
      }
    }
    return markers;
  }

  /**
   * Reads the body of {@code marker} from {@code lines} starting at index {@code from}: every line up
   * to the terminator line (compared without its line ending; with {@code <<-} also without leading
   * tabs). Returns the index after the terminator, or -1 if the file ends first.
   */
  static int readBody(List<LineReader.Line> lines, int from, Marker marker, StringBuilder body) {
    for (int i = from; i < lines.size(); i++) {
      LineReader.Line l = lines.get(i);
      String candidate = marker.chomp() ? stripLeadingTabs(l.content()) : l.content();
      if (candidate.equals(marker.name())) {
        return i + 1;
      }
      body.append(marker.chomp() ? stripLeadingTabs(l.raw()) : l.raw());
    }
    return -1;
  }

  private static String stripLeadingTabs(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '\t') {
      i++;
    }
    return s.substring(i);
  }

  /**
   * Shell words with quotes and escapes kept. Returns no words if the line does not lex (BuildKit
   * then ignores every marker on it).
   */
  static List<String> rawWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int n = line.length();
    int lastClosingBrace = line.lastIndexOf('}');
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (c == '\'') {
        int close = line.indexOf('\'', i + 1);
        if (close < 0) {
          return List.of();
        }
        word.append(line, i, close + 1);
        i = close + 1;
      } else if (c == '"') {
        int j = i + 1;
        while (j < n && line.charAt(j) != '"') {
          j += line.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= n) {
          return List.of();
        }
        word.append(line, i, j + 1);
        i = j + 1;
      } else if (c == '\\') {
        word.append(c);
        if (i + 1 < n) {
          word.append(line.charAt(i + 1));
        }
        i += 2;
      } else if (c == '$' && i + 1 < n && line.charAt(i + 1) == '{') {
        if (!wellFormedBraces(line, i + 2, lastClosingBrace)) {
          return List.of();
        }
        word.append(c);
        i++;
      } else if (GoText.isSpace(c)) {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
        i++;
      } else {
        word.append(c);
        i++;
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /** {@code ${} needs a name start and a closing brace, or BuildKit's lexer fails on the line. */
  private static boolean wellFormedBraces(String line, int at, int lastClosingBrace) {
    if (at >= line.length()) {
      return false;
    }
    char first = line.charAt(at);
    if (first == '{' || first == '}' || first == ':') {
      return false;
    }
    return lastClosingBrace >= at;
  }

  /**
   * The delimiter word: quotes removed, backslash escapes applied (inside double quotes only before
   * {@code " $ \}). Returns null unless it is exactly one non-empty word.
   */
  private static Marker delimiter(String rest, boolean chomp) {
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    int n = rest.length();
    int i = 0;
    while (i < n) {
      char c = rest.charAt(i);
      if (c == '\'') {
        int close = rest.indexOf('\'', i + 1);
        if (close < 0) {
          return null;
        }
        name.append(rest, i + 1, close);
        quoted = true;
        i = close + 1;
      } else if (c == '"') {
        quoted = true;
        i++;
        while (true) {
          if (i >= n) {
            return null;
          }
          char d = rest.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\\' && i + 1 < n && "\"$\\".indexOf(rest.charAt(i + 1)) >= 0) {
            name.append(rest.charAt(i + 1));
            i += 2;
          } else if (d == '\\' && i + 1 >= n) {
            i++; // a trailing backslash is ignored, and the quote is then unterminated
          } else {
            name.append(d);
            i++;
          }
        }
      } else if (c == '\\') {
        if (i + 1 < n) {
          name.append(rest.charAt(i + 1));
        }
        i += 2;
      } else if (GoText.isSpace(c)) {
        return null; // more than one word
      } else {
        name.append(c);
        i++;
      }
    }
    if (name.length() == 0) {
      return null;
    }
    return new Marker(name.toString(), !quoted, chomp);
  }
}
