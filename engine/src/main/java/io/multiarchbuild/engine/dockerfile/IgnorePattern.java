package io.multiarchbuild.engine.dockerfile;

import java.util.regex.Pattern;

/**
 * One cleaned {@code .dockerignore} pattern, compiled the way moby/patternmatcher compiles it. Its
 * shortcuts are part of the observable behaviour and are kept: a pattern without wildcards is an
 * exact comparison; {@code foo**} or {@code foo/**} is a plain prefix test (so {@code foo/**} does
 * not match {@code foo} itself, and {@code foo**} matches {@code foobar}); a pattern that starts
 * with {@code **} and has no other wildcard is a plain suffix test ({@code **.txt} matches {@code
 * a/b.txt}, {@code **}{@code /x} matches {@code x} and {@code a/x}). Everything else becomes a
 * regular expression where {@code *} and {@code ?} stop at {@code /} and {@code **} spans
 * directories.
 *
 * <p>Where patternmatcher leaks Go-regex meaning into odd patterns ({@code \d} as a digit class,
 * {@code ^} as an anchor, {@code *} inside {@code [...]}), we follow {@code filepath.Match} and treat
 * them literally; every pattern people actually write behaves the same.
 */
final class IgnorePattern {
  private enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    REGEX
  }

  final boolean exception;
  final String cleaned;
  private final Kind kind;
  private final Pattern regex;

  IgnorePattern(boolean exception, String cleaned) {
    this.exception = exception;
    this.cleaned = cleaned;
    int[] cps = cleaned.codePoints().toArray();
    StringBuilder re = new StringBuilder();
    Kind k = Kind.EXACT;
    int pos = cps.length > 0 && cps[0] == 0xFEFF ? 1 : 0; // Go's scanner skips a leading BOM
    for (int step = 0; pos < cps.length; step++) {
      int ch = cps[pos++];
      if (ch == '*') {
        if (pos < cps.length && cps[pos] == '*') {
          pos++;
          if (pos < cps.length && cps[pos] == '/') {
            pos++; // "**/" is the same as "**"
          }
          if (pos >= cps.length) {
            if (k == Kind.EXACT) {
              k = Kind.PREFIX;
            } else {
              re.append(".*");
              k = Kind.REGEX;
            }
          } else {
            re.append("(?:.*/)?");
            k = Kind.REGEX;
          }
          if (step == 0) {
            k = Kind.SUFFIX;
          }
        } else {
          re.append("[^/]*");
          k = Kind.REGEX;
        }
      } else if (ch == '?') {
        re.append("[^/]");
        k = Kind.REGEX;
      } else if (ch == '\\') {
        if (pos < cps.length) {
          literal(re, cps[pos++]);
          k = Kind.REGEX;
        } else {
          literal(re, '\\');
        }
      } else if (ch == '[') {
        pos = characterClass(cps, pos, re);
        k = Kind.REGEX;
      } else if (ch == ']') {
        literal(re, ']');
        k = Kind.REGEX;
      } else {
        literal(re, ch);
      }
    }
    this.kind = k;
    // UNIX_LINES: like Go, "." matches everything but '\n'.
    this.regex = k == Kind.REGEX ? Pattern.compile(re.toString(), Pattern.UNIX_LINES) : null;
  }

  boolean matches(String path) {
    return switch (kind) {
      case EXACT -> path.equals(cleaned);
      case PREFIX -> path.startsWith(cleaned.substring(0, cleaned.length() - 2));
      case SUFFIX -> {
        String suffix = cleaned.substring(2);
        yield path.endsWith(suffix)
            || (!suffix.isEmpty() && suffix.charAt(0) == '/' && path.equals(suffix.substring(1)));
      }
      case REGEX -> regex.matcher(path).matches();
    };
  }

  private static void literal(StringBuilder re, int cp) {
    if (Character.isLetterOrDigit(cp) && cp < 0x80) {
      re.appendCodePoint(cp);
    } else {
      re.append("\\x{").append(Integer.toHexString(cp)).append('}');
    }
  }

  /**
   * Translates a {@code filepath.Match} class starting after {@code [} (already validated) into a
   * Java class of code-point ranges; returns the index after {@code ]}. A reversed range such as
   * {@code z-a} is legal for Go and matches nothing, so it is left out.
   */
  private static int characterClass(int[] cps, int pos, StringBuilder re) {
    boolean negated = pos < cps.length && cps[pos] == '^';
    if (negated) {
      pos++;
    }
    StringBuilder members = new StringBuilder();
    int ranges = 0;
    while (pos < cps.length && !(cps[pos] == ']' && ranges > 0)) {
      if (cps[pos] == '\\' && pos + 1 < cps.length) {
        pos++;
      }
      int lo = cps[pos++];
      int hi = lo;
      if (pos + 1 < cps.length && cps[pos] == '-') {
        pos++;
        if (cps[pos] == '\\' && pos + 1 < cps.length) {
          pos++;
        }
        hi = cps[pos++];
      }
      if (lo <= hi) {
        members.append("\\x{").append(Integer.toHexString(lo)).append("}-\\x{");
        members.append(Integer.toHexString(hi)).append('}');
      }
      ranges++;
    }
    if (members.isEmpty()) {
      re.append(negated ? "(?s:.)" : "(?!)");
    } else {
      re.append(negated ? "[^" : "[").append(members).append(']');
    }
    return Math.min(pos + 1, cps.length);
  }
}
