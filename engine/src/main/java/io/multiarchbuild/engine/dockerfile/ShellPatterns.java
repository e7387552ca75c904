package io.multiarchbuild.engine.dockerfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pattern side of {@code ${v#p}}, {@code ${v%p}} and {@code ${v/p/r}}. BuildKit turns the
 * shell pattern into a Go regular expression ({@code *} is any text, {@code ?} one character,
 * {@code \*} {@code \?} {@code \\} literals, no bracket expressions) and uses Go's leftmost-first
 * matching; Java's backtracking matcher gives the same spans for these expressions. The suffix
 * forms reverse both the value and the pattern and reuse the prefix logic, exactly as BuildKit does,
 * because "shortest rightmost match" is not expressible as a left-to-right search.
 */
final class ShellPatterns {
  private ShellPatterns() {}

  static String trimPrefix(String pattern, String value, boolean longest) {
    Matcher m = compile(pattern, longest).matcher(value);
    return m.lookingAt() ? value.substring(m.end()) : value;
  }

  static String trimSuffix(String pattern, String value, boolean longest) {
    String reversed = trimPrefix(reversePattern(pattern), reverse(value), longest);
    return reverse(reversed);
  }

  static String replace(String pattern, String value, String replacement, boolean all) {
    Pattern p = compile(pattern, true);
    if (all) {
      return replaceAll(p, value, replacement);
    }
    Matcher m = p.matcher(value);
    if (!m.find()) {
      return value;
    }
    // The single replacement is literal; only the "all" form goes through Go's template
    // expansion (below), a BuildKit quirk we keep.
    return value.substring(0, m.start()) + replacement + value.substring(m.end());
  }

  /** Shell pattern → regex. {@code \} in a pattern is always a backslash, whatever the escape. */
  static Pattern compile(String pattern, boolean greedy) {
    int[] cps = pattern.codePoints().toArray();
    int i = cps.length > 0 && cps[0] == 0xFEFF ? 1 : 0; // Go's scanner skips a leading BOM
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (; i < cps.length; i++) {
      int tok = cps[i];
      if (tok == '*' || tok == '?') {
        flush(re, literal);
        re.append(tok == '?' ? "." : greedy ? ".*" : ".*?");
        continue;
      }
      if (tok == '\\') {
        int following = i + 1 < cps.length ? cps[i + 1] : WordLexer.EOF;
        if (following == '}' || following == '/') {
          continue; // escaped delimiter of ${...}: the escape is not part of the pattern
        }
        i++;
        if (following != '*' && following != '?' && following != '\\') {
          throw new WordLexer.Failure(
              "invalid pattern ("
                  + pattern
                  + ") in substitution: invalid escape '\\"
                  + GoText.runeString(following)
                  + "'");
        }
        tok = following;
      }
      literal.appendCodePoint(tok);
    }
    flush(re, literal);
    // UNIX_LINES: like Go, "." matches everything but '\n'.
    return Pattern.compile(re.toString(), Pattern.UNIX_LINES);
  }

  private static void flush(StringBuilder re, StringBuilder literal) {
    if (!literal.isEmpty()) {
      re.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  /** Reverses a pattern keeping each {@code \x} pair in order, so {@code a\*c} becomes {@code c\*a}. */
  static String reversePattern(String pattern) {
    int[] in = pattern.codePoints().toArray();
    int[] out = new int[in.length];
    int last = in.length - 1;
    for (int i = 0; i <= last; ) {
      int outIdx = last - i;
      if (in[i] == '\\' && i != last) {
        out[outIdx - 1] = '\\';
        out[outIdx] = in[i + 1];
        i += 2;
      } else {
        out[outIdx] = in[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  static String reverse(String s) {
    return new StringBuilder(s).reverse().toString(); // keeps surrogate pairs together
  }

  /**
   * Go's {@code Regexp.ReplaceAllString}: successive non-overlapping matches, an empty match right
   * after a previous match is not replaced, and the replacement is a template in which {@code $0}
   * / {@code ${0}} is the match, {@code $$} a dollar, and any other {@code $name} expands to
   * nothing (the pattern has no groups).
   */
  static String replaceAll(Pattern p, String src, String template) {
    StringBuilder out = new StringBuilder();
    Matcher m = p.matcher(src);
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= src.length() && m.find(searchPos)) {
      int start = m.start();
      int end = m.end();
      out.append(src, lastMatchEnd, start);
      if (end > lastMatchEnd || start == 0) {
        expandTemplate(out, template, src.substring(start, end));
      }
      lastMatchEnd = end;
      int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 0;
      if (searchPos + width > end) {
        searchPos += width;
      } else if (searchPos + 1 > end) {
        searchPos++;
      } else {
        searchPos = end;
      }
    }
    out.append(src, lastMatchEnd, src.length());
    return out.toString();
  }

  private static void expandTemplate(StringBuilder out, String template, String match) {
    int i = 0;
    while (i < template.length()) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < template.length() && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      int[] ref = templateReference(template, i);
      if (ref == null) {
        out.append('$');
        continue;
      }
      if (ref[1] == 0) {
        out.append(match);
      }
      i = ref[0];
    }
    out.append(template, Math.min(i, template.length()), template.length());
  }

  /** Parses {@code name} or {@code {name}} at i: {end index, group number or -1}, or null. */
  private static int[] templateReference(String t, int i) {
    if (i >= t.length()) {
      return null;
    }
    boolean brace = t.charAt(i) == '{';
    int start = brace ? i + 1 : i;
    int end = start;
    while (end < t.length()) {
      int cp = t.codePointAt(end);
      if (!GoText.isLetter(cp) && !GoText.isDigit(cp) && cp != '_') {
        break;
      }
      end += Character.charCount(cp);
    }
    if (end == start) {
      return null;
    }
    String name = t.substring(start, end);
    if (brace) {
      if (end >= t.length() || t.charAt(end) != '}') {
        return null;
      }
      end++;
    }
    int num = 0;
    for (int j = 0; j < name.length(); j++) {
      char c = name.charAt(j);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        num = -1;
        break;
      }
      num = num * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      num = -1;
    }
    return new int[] {end, num};
  }
}
