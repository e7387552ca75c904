package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Character classes and string helpers with the exact meaning BuildKit's Go parser gives them. Java's
 * own {@code isWhitespace}/{@code trim} differ (e.g. on U+00A0 and U+0085), and those differences
 * would change where words and instructions split, so the parser uses only these.
 */
final class GoText {
  private GoText() {}

  /** Go's {@code unicode.IsSpace}: ASCII blanks, NEL, NBSP and the Unicode White_Space characters. */
  static boolean isSpace(int c) {
    switch (c) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
        return true;
      default:
        return c >= 0x2000 && c <= 0x200A;
    }
  }

  /** The class {@code [\t\v\f\r ]} BuildKit uses to split keywords and whitespace-separated lists. */
  static boolean isBlank(char c) {
    return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ';
  }

  static String trimLeadingSpace(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  static String trimSpace(String s) {
    int end = s.length();
    while (end > 0 && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return trimLeadingSpace(s.substring(0, end));
  }

  /**
   * Splits on runs of {@code [\t\v\f\r ]} like Go's {@code regexp.Split(s, limit)}; limit &lt; 0 means
   * no limit. A leading separator yields a leading empty string, as in Go.
   */
  static List<String> splitBlanks(String s, int limit) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < s.length() && (limit < 0 || parts.size() < limit - 1)) {
      if (isBlank(s.charAt(i))) {
        int runEnd = i;
        while (runEnd < s.length() && isBlank(s.charAt(runEnd))) {
          runEnd++;
        }
        parts.add(s.substring(start, i));
        start = runEnd;
        i = runEnd;
      } else {
        i++;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** A double-quoted rendering for messages (Go's {@code %q} in spirit): escapes and controls visible. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || Character.isSurrogate(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Shortens text for one-line messages. */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
