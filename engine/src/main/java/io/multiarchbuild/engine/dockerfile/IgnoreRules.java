package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules of a {@code .dockerignore} file, read and applied the way BuildKit does
 * (moby/patternmatcher {@code ignorefile.ReadAll} + {@code PatternMatcher}, driven by fsutil's
 * context walker).
 *
 * <p>Reading: a leading BOM is dropped; a line whose <em>first</em> character is {@code #} is a
 * comment (an indented {@code #} is a pattern); each line is trimmed, a leading {@code !} makes it
 * an exception, the rest is cleaned like Go's {@code filepath.Clean} and one leading {@code /} is
 * removed. Patterns use {@link GlobPattern} syntax plus {@code **} (any number of directories).
 *
 * <p>Matching: a pattern that matches a directory excludes everything below it; patterns are
 * applied in order and the last one that matches decides. Paths are relative to the context root.
 *
 * <p>Where to find the file: see {@link #ignoreFileFor}. Immutable and thread-safe.
 */
public final class IgnoreRules {
  private static final IgnoreRules NONE = new IgnoreRules(List.of());

  /** fsutil: an exception containing one of these (after a trailing glob) may match anywhere. */
  private static final String WILDCARD_CHARS = "*[]?^\\";

  private final List<IgnorePattern> patterns;
  private final boolean hasExceptions;
  private final boolean exceptionsArePlainPaths;

  private IgnoreRules(List<IgnorePattern> patterns) {
    this.patterns = List.copyOf(patterns);
    this.hasExceptions = patterns.stream().anyMatch(p -> p.exception);
    this.exceptionsArePlainPaths =
        patterns.stream()
            .filter(p -> p.exception)
            .noneMatch(p -> containsAny(withoutTrailingGlob(p.cleaned), WILDCARD_CHARS));
  }

  /** Rules that exclude nothing (no ignore file). */
  public static IgnoreRules none() {
    return NONE;
  }

  /** Parses ignore-file text; errors name {@code .dockerignore}. */
  public static IgnoreRules parse(String text) {
    return parse(".dockerignore", text);
  }

  /**
   * Parses ignore-file text. {@code fileName} only labels errors: {@code !} with nothing after it,
   * or a malformed wildcard, throws {@link IgnoreFileError} {@code <fileName>:<line>: ...}.
   */
  public static IgnoreRules parse(String fileName, String text) {
    Objects.requireNonNull(text, "text");
    List<IgnorePattern> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      String pattern = readLine(line);
      if (pattern != null) {
        out.add(compile(fileName, i + 1, pattern));
      }
    }
    return out.isEmpty() ? NONE : new IgnoreRules(out);
  }

  /** {@code ignorefile.ReadAll} for one line: the normalised pattern, or null when skipped. */
  private static String readLine(String line) {
    if (line.startsWith("#")) {
      return null;
    }
    String pattern = GoText.trimSpace(line);
    if (pattern.isEmpty()) {
      return null;
    }
    boolean invert = pattern.charAt(0) == '!';
    if (invert) {
      pattern = GoText.trimSpace(pattern.substring(1));
    }
    if (!pattern.isEmpty()) {
      pattern = GoPaths.clean(pattern);
      if (pattern.length() > 1 && pattern.charAt(0) == '/') {
        pattern = pattern.substring(1);
      }
    }
    return invert ? "!" + pattern : pattern;
  }

  /** {@code patternmatcher.New} for one pattern: cleaned once more, then split off its {@code !}. */
  private static IgnorePattern compile(String fileName, int line, String raw) {
    String p = GoPaths.clean(GoText.trimSpace(raw));
    boolean exception = p.charAt(0) == '!';
    if (exception) {
      if (p.length() == 1) {
        throw new IgnoreFileError(
            fileName,
            line,
            "illegal exclusion pattern: \"!\"; write the path to re-include after it");
      }
      p = p.substring(1);
    }
    try {
      GlobPattern.compile(p);
    } catch (GlobSyntaxError e) {
      throw new IgnoreFileError(fileName, line, e.getMessage());
    }
    return new IgnorePattern(exception, p);
  }

  /**
   * Where a build looks first for the ignore file of the Dockerfile requested as {@code
   * dockerfilePath} (the {@code -f} value, default {@code Dockerfile}): {@code
   * <dockerfilePath>.dockerignore}, next to the Dockerfile, e.g. {@code
   * docker/app.Dockerfile.dockerignore}. The name comes from the requested path, not the file
   * found: when {@code Dockerfile} was requested and only a lowercase {@code dockerfile} exists, the
   * ignore file is still {@code Dockerfile.dockerignore}.
   *
   * <p>Precedence (BuildKit dockerui): if that file exists and is not empty it is the only ignore
   * file used; otherwise (missing, or empty, which BuildKit's gateway cannot tell apart from
   * missing) the caller reads {@code .dockerignore} at the root of the build context. Named {@code
   * local:} contexts only ever use their own root {@code .dockerignore}.
   */
  public static String ignoreFileFor(String dockerfilePath) {
    Objects.requireNonNull(dockerfilePath, "dockerfilePath");
    return dockerfilePath + ".dockerignore";
  }

  /** True when there are no patterns at all. */
  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** The cleaned patterns in file order, exceptions with their leading {@code !}. */
  public List<String> patterns() {
    return patterns.stream().map(p -> p.exception ? "!" + p.cleaned : p.cleaned).toList();
  }

  /**
   * Whether {@code relativePath} (slash-separated, relative to the context root; {@code ./} and a
   * leading {@code /} are tolerated) is left out of the build context. The context root itself is
   * never excluded.
   *
   * <p>This mirrors BuildKit's walker, which decides each directory level in turn and carries each
   * pattern's result from a directory down to its entries; that differs from "test the path and
   * each of its parents" in rare orderings such as {@code a/b} followed by {@code !a}, where BuildKit
   * still excludes {@code a/b}.
   */
  public boolean isExcluded(String relativePath) {
    String path = normalise(relativePath);
    if (path.equals(".") || patterns.isEmpty()) {
      return false;
    }
    boolean[] parentMatched = null;
    boolean excluded = false;
    int from = 0;
    while (true) {
      int slash = path.indexOf('/', from);
      String prefix = slash < 0 ? path : path.substring(0, slash);
      boolean[] matchedHere = new boolean[patterns.size()];
      excluded = false;
      for (int i = 0; i < patterns.size(); i++) {
        IgnorePattern p = patterns.get(i);
        boolean match = parentMatched != null && parentMatched[i];
        if (!match) {
          if (p.exception != excluded) {
            continue; // cannot change the outcome at this point
          }
          match = p.matches(prefix);
        }
        matchedHere[i] = match;
        if (match) {
          excluded = !p.exception;
        }
      }
      if (slash < 0) {
        return excluded;
      }
      parentMatched = matchedHere;
      from = slash + 1;
    }
  }

  /**
   * For a context walker that found directory {@code dir} excluded: whether it must still descend,
   * because an exception might re-include something below it. False means the whole subtree can be
   * skipped unread. Like BuildKit, any exception with a wildcard forces a descent everywhere; plain
   * exceptions force it only for the directories on their path.
   */
  public boolean mayContainIncluded(String dir) {
    if (!hasExceptions) {
      return false;
    }
    if (!exceptionsArePlainPaths) {
      return true;
    }
    String dirSlash = normalise(dir) + "/";
    for (IgnorePattern p : patterns) {
      if (p.exception && (withoutTrailingGlob(p.cleaned) + "/").startsWith(dirSlash)) {
        return true;
      }
    }
    return false;
  }

  private static String normalise(String relativePath) {
    String p = GoPaths.clean(relativePath);
    while (p.startsWith("/")) {
      p = p.length() == 1 ? "." : p.substring(1);
    }
    return p;
  }

  private static String withoutTrailingGlob(String pattern) {
    String p = pattern;
    if (p.endsWith("/**")) {
      p = p.substring(0, p.length() - 3);
    }
    if (p.endsWith("/*")) {
      p = p.substring(0, p.length() - 2);
    }
    return p;
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "IgnoreRules" + patterns();
  }
}
