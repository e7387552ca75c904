package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A wildcard pattern with the exact semantics of Go's {@code filepath.Match} on Linux, which is what
 * BuildKit applies to COPY/ADD sources and, extended with {@code **}, to {@code .dockerignore}:
 *
 * <ul>
 *   <li>{@code *} any run of characters except {@code /}; {@code ?} one character except {@code /}
 *   <li>{@code [abc]}, {@code [a-z]}, {@code [^a-z]} a character class (only {@code ^} negates;
 *       {@code !} is an ordinary member) which, unlike {@code ?}, may match {@code /}
 *   <li>{@code \x} the character x literally, also inside classes
 * </ul>
 *
 * The whole name must match. Malformed patterns ({@code [}, {@code []a]}, {@code [a-]}, a trailing
 * {@code \}) are rejected by {@link #compile} even where Go would only notice them on some inputs.
 *
 * <p>COPY/ADD sources, as BuildKit (fsutil) resolves them: {@link #splitAtWildcard} cuts the source
 * at its first path component holding an unescaped wildcard; the caller walks {@code base} in
 * lexical order, tests each entry's path relative to {@code base} with {@link #matches}, takes a
 * matching directory whole without descending into it, and treats a malformed pattern as matching
 * nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class GlobPattern {
  private static final char SEPARATOR = '/';

  private final String pattern;

  private GlobPattern(String pattern) {
    this.pattern = pattern;
  }

  /** Validates the pattern. */
  public static GlobPattern compile(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    String rest = pattern;
    while (!rest.isEmpty()) {
      Chunk c = Chunk.scan(rest);
      if (matchChunk(c.text, "") == BAD) {
        throw new GlobSyntaxError(pattern);
      }
      rest = c.rest;
    }
    return new GlobPattern(pattern);
  }

  /** One-shot {@code compile(pattern).matches(name)}. */
  public static boolean match(String pattern, String name) {
    return compile(pattern).matches(name);
  }

  /** Whether {@code path} contains a wildcard character (Go's {@code hasMeta}: {@code * ? [ \}). */
  public static boolean hasMeta(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  public String pattern() {
    return pattern;
  }

  /**
   * A path cut before its first component with a wildcard: {@code base} is the fixed directory
   * part, {@code pattern} the rest (both cleaned like Go's {@code filepath.Join}); {@code pattern}
   * is empty when the path has no wildcard, and then {@code base} is the whole path.
   */
  public record WildcardPath(String base, String pattern) {
    public boolean hasWildcard() {
      return !pattern.isEmpty();
    }
  }

  /**
   * fsutil's {@code splitWildcards}: {@code "src/*}{@code /x.go"} gives base {@code src} and pattern
   * {@code *}{@code /x.go}; {@code "/app/v[12]"} gives {@code /app} and {@code v[12]}. A wildcard
   * character escaped with {@code \} does not count.
   */
  public static WildcardPath splitAtWildcard(String path) {
    List<String> fixed = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    boolean found = false;
    for (String part : path.split("/", -1)) {
      if (!found && containsWildcard(part)) {
        found = true;
      }
      (found ? rest : fixed).add(part.isEmpty() ? "/" : part);
    }
    return new WildcardPath(join(fixed), join(rest));
  }

  private static boolean containsWildcard(String component) {
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  /** Go {@code filepath.Join}: non-empty elements joined by {@code /} and cleaned, or "". */
  private static String join(List<String> elements) {
    String joined = String.join("/", elements.stream().filter(e -> !e.isEmpty()).toList());
    return joined.isEmpty() ? "" : GoPaths.clean(joined);
  }

  /** Whether the whole of {@code name} matches. */
  public boolean matches(String name) {
    String pat = pattern;
    String rest = name;
    outer:
    while (!pat.isEmpty()) {
      Chunk c = Chunk.scan(pat);
      pat = c.rest;
      if (c.star && c.text.isEmpty()) {
        return rest.indexOf(SEPARATOR) < 0; // trailing * matches the rest unless it has a /
      }
      String t = matchChunk(c.text, rest);
      if (t != null && t != BAD && (t.isEmpty() || !pat.isEmpty())) {
        rest = t;
        continue;
      }
      if (c.star) {
        // Let the star swallow 1, 2, ... characters, never a separator.
        for (int i = 0; i < rest.length() && rest.charAt(i) != SEPARATOR; i++) {
          String u = matchChunk(c.text, rest.substring(i + 1));
          if (u != null && u != BAD) {
            if (pat.isEmpty() && !u.isEmpty()) {
              continue; // the last chunk must use up the name
            }
            rest = u;
            continue outer;
          }
        }
      }
      return false;
    }
    return rest.isEmpty();
  }

  @Override
  public String toString() {
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobPattern g && g.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  /** A run of stars and the literal/class/? text up to the next unbracketed star. */
  private record Chunk(boolean star, String text, String rest) {
    static Chunk scan(String p) {
      int s = 0;
      while (s < p.length() && p.charAt(s) == '*') {
        s++;
      }
      boolean inRange = false;
      int i = s;
      scan:
      for (; i < p.length(); i++) {
        switch (p.charAt(i)) {
          case '\\' -> {
            if (i + 1 < p.length()) {
              i++;
            }
          }
          case '[' -> inRange = true;
          case ']' -> inRange = false;
          case '*' -> {
            if (!inRange) {
              break scan;
            }
          }
          default -> {}
        }
      }
      return new Chunk(s > 0, p.substring(s, i), p.substring(i));
    }
  }

  /** Marker for a malformed chunk (compared by identity). */
  private static final String BAD = new String("<bad pattern>");

  /**
   * Matches one chunk against the start of {@code s}: the unmatched remainder, {@code null} for no
   * match, or {@link #BAD}. Like Go it keeps parsing after a mismatch so errors are always found.
   */
  private static String matchChunk(String chunk, String s) {
    boolean failed = false;
    int ci = 0;
    int si = 0;
    while (ci < chunk.length()) {
      if (!failed && si >= s.length()) {
        failed = true;
      }
      char c = chunk.charAt(ci);
      if (c == '[') {
        int r = 0;
        if (!failed) {
          r = s.codePointAt(si);
          si += Character.charCount(r);
        }
        ci++;
        boolean negated = ci < chunk.length() && chunk.charAt(ci) == '^';
        if (negated) {
          ci++;
        }
        boolean match = false;
        int ranges = 0;
        while (true) {
          if (ci < chunk.length() && chunk.charAt(ci) == ']' && ranges > 0) {
            ci++;
            break;
          }
          long lo = classChar(chunk, ci);
          if (lo < 0) {
            return BAD;
          }
          ci = (int) (lo >>> 32);
          int hi = (int) lo;
          int low = hi;
          if (chunk.charAt(ci) == '-') {
            long h = classChar(chunk, ci + 1);
            if (h < 0) {
              return BAD;
            }
            ci = (int) (h >>> 32);
            hi = (int) h;
          }
          if (low <= r && r <= hi) {
            match = true;
          }
          ranges++;
        }
        if (match == negated) {
          failed = true;
        }
      } else if (c == '?') {
        if (!failed) {
          if (s.charAt(si) == SEPARATOR) {
            failed = true;
          }
          si += Character.charCount(s.codePointAt(si));
        }
        ci++;
      } else {
        if (c == '\\') {
          ci++;
          if (ci >= chunk.length()) {
            return BAD;
          }
        }
        if (!failed) {
          if (chunk.charAt(ci) != s.charAt(si)) {
            failed = true;
          }
          si++;
        }
        ci++;
      }
    }
    return failed ? null : s.substring(si);
  }

  /**
   * One (possibly escaped) class member at {@code i}: (next index << 32 | code point), or -1 when
   * malformed. Like Go, a member may not be {@code -} or {@code ]} unescaped, and the class must
   * continue after it.
   */
  private static long classChar(String chunk, int i) {
    if (i >= chunk.length() || chunk.charAt(i) == '-' || chunk.charAt(i) == ']') {
      return -1;
    }
    if (chunk.charAt(i) == '\\') {
      i++;
      if (i >= chunk.length()) {
        return -1;
      }
    }
    int cp = chunk.codePointAt(i);
    int next = i + Character.charCount(cp);
    if (next >= chunk.length()) {
      return -1;
    }
    return ((long) next << 32) | cp;
  }
}
