package io.multiarchbuild.engine.dockerfile;

import io.multiarchbuild.engine.common.GoStrings;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's notion of a few character classes and of {@code %q}, so that what we split, trim and print
 * agrees with BuildKit byte for byte rather than with Java's slightly different definitions.
 */
final class GoText {
  private GoText() {}

  /** Go {@code unicode.IsSpace}: unlike Java's isWhitespace it includes NBSP and excludes U+001C..F. */
  static boolean isSpace(int cp) {
    if (cp < 0x100) {
      return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0;
    }
    return Character.isSpaceChar(cp);
  }

  /** The class {@code [\t\v\f\r ]} BuildKit uses to split keywords and whitespace-separated lists. */
  static boolean isBlank(char c) {
    return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ';
  }

  static String trimLeadingSpace(String s) {
    int i = 0;
    while (i < s.length() && isSpace(s.codePointAt(i))) {
      i += Character.charCount(s.codePointAt(i));
    }
    return s.substring(i);
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

  /** Shortens text for one-line messages. */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  /** Go {@code strings.TrimSpace}. */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** Go {@code unicode.IsLetter}. */
  static boolean isLetter(int cp) {
    return Character.isLetter(cp);
  }

  /** Go {@code unicode.IsDigit} (any decimal digit, not only ASCII). */
  static boolean isDigit(int cp) {
    return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
  }

  /** Go {@code string(rune)}: an invalid rune such as end-of-input (-1) becomes U+FFFD. */
  static String runeString(int cp) {
    return cp < 0 || cp > Character.MAX_CODE_POINT ? "\uFFFD" : Character.toString(cp);
  }

  /** Go {@code strconv.Quote}, which BuildKit uses ({@code %q}) to show the failing word. */
  static String quote(String s) {
    return GoStrings.quote(s);
  }

}
