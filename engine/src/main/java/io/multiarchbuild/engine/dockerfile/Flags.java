package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --name[=value]} flags one instruction accepts, and their values once parsed. Mirrors
 * BuildKit's rules: unknown flags are errors, a flag may be given once unless it is repeatable,
 * string flags need {@code =value}, bool flags accept a bare name or {@code =true|false}.
 */
final class Flags {
  private enum Kind {
    BOOL,
    STRING,
    REPEATABLE
  }

  private final String instruction;
  private final String fileName;
  private final int line;
  private final Map<String, Kind> declared = new LinkedHashMap<>();
  private final Map<String, List<String>> given = new LinkedHashMap<>();
  private final Map<String, String> unsupportedHints = new LinkedHashMap<>();

  Flags(String instruction, String fileName, int line) {
    this.instruction = instruction;
    this.fileName = fileName;
    this.line = line;
  }

  Flags bool(String name) {
    declared.put(name, Kind.BOOL);
    return this;
  }

  Flags string(String name) {
    declared.put(name, Kind.STRING);
    return this;
  }

  Flags repeatable(String name) {
    declared.put(name, Kind.REPEATABLE);
    return this;
  }

  /** A flag this build does not accept, with the reason given instead of a spelling hint. */
  Flags unsupported(String name, String why) {
    unsupportedHints.put(name, why);
    return this;
  }

  Flags parse(List<String> raw) {
    for (String token : raw) {
      if (token.equals("--")) {
        break;
      }
      if (!token.startsWith("--")) {
        throw error("flag must start with --: " + token);
      }
      String body = token.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      Kind kind = declared.get(name);
      if (kind == null) {
        String why = unsupportedHints.get(name);
        throw error(
            "unknown flag: --" + name + " for " + instruction
                + (why != null ? " (" + why + ")" : Suggestions.hint(name, declared.keySet(), "--")));
      }
      if (given.containsKey(name) && kind != Kind.REPEATABLE) {
        throw error("flag --" + name + " is given twice for " + instruction + "; give it once");
      }
      String stored;
      if (kind == Kind.BOOL) {
        if (value == null) {
          stored = "true";
        } else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          stored = value.toLowerCase(Locale.ROOT);
        } else if (value.isEmpty()) {
          throw error("missing a value on flag --" + name + " for " + instruction);
        } else {
          throw error("expecting a boolean value for flag --" + name + " of " + instruction + ", not: " + value);
        }
      } else {
        if (value == null) {
          throw error("missing a value on flag --" + name + " for " + instruction + " (use --" + name + "=VALUE)");
        }
        stored = value;
      }
      given.computeIfAbsent(name, k -> new ArrayList<>()).add(stored);
    }
    return this;
  }

  /** The value of a string flag, or null when not given. */
  String value(String name) {
    List<String> v = given.get(name);
    return v == null ? null : v.get(0);
  }

  boolean isTrue(String name) {
    return "true".equals(value(name));
  }

  /** A bool flag's value, or null when not given (for tri-state flags such as {@code --unpack}). */
  Boolean optionalBool(String name) {
    String v = value(name);
    return v == null ? null : Boolean.valueOf(v);
  }

  List<String> values(String name) {
    return List.copyOf(given.getOrDefault(name, List.of()));
  }

  private DockerfileError error(String detail) {
    return new DockerfileError(fileName, line, detail);
  }
}
