package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises parser directives ({@code # syntax=}, {@code # escape=}, {@code # check=}) at the top of
 * the file. Scanning stops at the first line that is not a known directive (an instruction, a blank
 * line, any other comment). The first line may be a {@code #!} shebang: like BuildKit, {@code syntax}
 * and {@code check} are still found after it (first one wins), but {@code escape} is not honoured
 * there, because BuildKit's own line parser stops looking for directives at the shebang.
 */
final class DirectiveScanner {
  // Go's \s is [\t\n\f\r ] (no \v); \z because Java's $ would also match before a final terminator.
  private static final Pattern DIRECTIVE =
      Pattern.compile(
          "#[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*\\z",
          Pattern.DOTALL);
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
    Matcher m = DIRECTIVE.matcher(line);
    if (!m.matches()) {
      done = true;
      return;
    }
    String key = m.group(1).toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(key)) {
      done = true;
      return;
    }
    String value = m.group(2);
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
            "invalid escape token '" + value + "' does not match ` or \\; write '# escape=\\' or '# escape=`'");
      }
      escape = value.charAt(0);
    }
    if (key.equals("syntax")) {
      checkSyntax(value, number);
    }
    directives.add(new Directive(key, value, number));
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
