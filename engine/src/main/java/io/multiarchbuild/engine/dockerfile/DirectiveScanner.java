package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises parser directives ({@code # syntax=}, {@code # escape=}, {@code # check=}) at the top of
 * the file. Scanning stops at the first line that is not a known directive (an instruction, a blank
 * line, any other comment). The first line may be a {@code #!} shebang: like BuildKit, {@code syntax}
 * and {@code check} are still found after it (first one wins), but {@code escape} is not honoured
 * there, because BuildKit's own line parser stops looking for directives at the shebang.
 */
final class DirectiveScanner {
  private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

  // docker/dockerfile:1, :1.N, :1.N.M, each optionally -labs; optional registry prefix and digest
  private static final Pattern BUILT_IN_FRONTEND =
      Pattern.compile(
          "(?:(?:index\\.)?docker\\.io/)?docker/dockerfile:1(?:\\.[0-9]+(?:\\.[0-9]+)?)?(?:-labs)?"
              + "(?:@sha256:[0-9a-f]{64})?");

  private final String fileName;
  private final List<Directive> directives = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private boolean done;
  private boolean afterShebang;
  private char escape = '\\';

  DirectiveScanner(String fileName) {
    this.fileName = fileName;
  }

  /** Line 1 began with {@code #!}: it is skipped, and directives after it are read leniently. */
  void shebang() {
    afterShebang = true;
  }

  /** Looks at one line (leading whitespace already removed); throws for a bad or repeated directive. */
  void offer(String line, int number) {
    if (done) {
      return;
    }
    String[] kv = match(line);
    if (kv == null) {
      done = true;
      return;
    }
    String key = kv[0].toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(key)) {
      done = true;
      return;
    }
    String value = kv[1];
    if (!seen.add(key)) {
      if (afterShebang) {
        return; // BuildKit's syntax detection keeps the first one and ignores the rest
      }
      throw new DockerfileError(
          fileName, number, "only one " + key + " parser directive can be used; remove the repeated '# " + key + "=' line");
    }
    if (key.equals("escape")) {
      if (afterShebang) {
        return;
      }
      if (!value.equals("\\") && !value.equals("`")) {
        throw new DockerfileError(
            fileName,
            number,
            "invalid escape token '" + GoText.abbreviate(value, 20) + "' does not match ` or \\; write '# escape=\\' or '# escape=`'");
      }
      escape = value.charAt(0);
    }
    if (key.equals("syntax")) {
      checkSyntax(value, number);
    }
    directives.add(new Directive(key, value, number));
  }

  /**
   * BuildKit's {@code ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$} (Go's {@code \s} is {@code
   * [\t\n\f\r ]}), written out by hand because the lazy group makes a backtracking regex quadratic on
   * long lines. Returns {key, value} or null.
   */
  static String[] match(String s) {
    int n = s.length();
    if (n == 0 || s.charAt(0) != '#') {
      return null;
    }
    int i = skipBlanks(s, 1);
    int keyStart = i;
    if (i >= n || !isAsciiLetter(s.charAt(i))) {
      return null;
    }
    while (i < n && (isAsciiLetter(s.charAt(i)) || (s.charAt(i) >= '0' && s.charAt(i) <= '9'))) {
      i++;
    }
    String key = s.substring(keyStart, i);
    i = skipBlanks(s, i);
    if (i >= n || s.charAt(i) != '=') {
      return null;
    }
    int afterEquals = i + 1;
    int valueStart = skipBlanks(s, afterEquals);
    int end = n;
    while (end > valueStart && isBlank(s.charAt(end - 1))) {
      end--;
    }
    if (end > valueStart) {
      return new String[] {key, s.substring(valueStart, end)};
    }
    // only blanks after '=': the regex still matches, with the last blank as the value
    return n > afterEquals ? new String[] {key, s.substring(n - 1)} : null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isBlank(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private void checkSyntax(String value, int number) {
    // like BuildKit, anything after the first space is passed to the frontend, not part of the image
    int space = value.indexOf(' ');
    String image = space < 0 ? value : value.substring(0, space);
    if (!BUILT_IN_FRONTEND.matcher(image).matches()) {
      throw new DockerfileError(
          fileName,
          number,
          "syntax directive asks for frontend image '"
              + GoText.abbreviate(image, 200)
              + "', but external frontends are not supported; remove the syntax line or use docker/dockerfile:1");
    }
  }

  boolean done() {
    return done;
  }

  char escape() {
    return escape;
  }

  List<Directive> directives() {
    return List.copyOf(directives);
  }
}
