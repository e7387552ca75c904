package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.DockerfileError;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place the planner expands words, so the expander behind it can change in one line.
 * TEMPORARY: until the dockerfile package's ShellWords lands, this handles only {@code $NAME},
 * {@code ${NAME}}, {@code ${NAME:-word}} and escaped {@code \$}.
 */
final class Expander {
  private static final Pattern REF = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

  private final char escape;
  private final String fileName;

  Expander(char escape, String fileName) {
    this.escape = escape;
    this.fileName = fileName;
  }

  /** Expands one word; {@code env} returns null for an unset name. Errors name the line. */
  String word(String raw, Function<String, String> env, int line) {
    if (raw == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    Matcher m = REF.matcher(raw);
    int pos = 0;
    while (m.find(pos)) {
      if (m.start() > 0 && raw.charAt(m.start() - 1) == escape) {
        out.append(raw, pos, m.start() - 1).append('$');
        pos = m.start() + 1;
        continue;
      }
      out.append(raw, pos, m.start());
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      String v = env.apply(name);
      if ((v == null || v.isEmpty()) && m.group(2) != null) {
        v = m.group(2);
      }
      out.append(v == null ? "" : v);
      pos = m.end();
    }
    out.append(raw.substring(pos));
    if (out.indexOf("${") >= 0) {
      throw new DockerfileError(fileName, line, "unsupported variable substitution in " + raw);
    }
    return out.toString();
  }
}
