package io.multiarchbuild.jenkins.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text areas of the freestyle form: one value (or KEY=VALUE) per line. */
public final class Lines {
  private Lines() {}

  /** Non-blank lines, trimmed; commas also separate (as in {@code --platform a,b}). */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String line : text.split("[\\r\\n,]+")) {
        if (!line.isBlank()) {
          out.add(line.trim());
        }
      }
    }
    return out;
  }

  /** Non-blank lines only (specs such as {@code type=registry,ref=...} contain commas). */
  public static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    if (text != null) {
      for (String line : text.split("\\R")) {
        if (!line.isBlank()) {
          out.add(line.trim());
        }
      }
    }
    return out;
  }

  /** {@code KEY=VALUE} lines; {@code option} names the field in the error for a line without '='. */
  public static Map<String, String> pairs(String text, String option) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : lines(text)) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new OptionError(option, "'" + line + "' is not KEY=VALUE");
      }
      out.put(line.substring(0, eq).trim(), line.substring(eq + 1));
    }
    return out;
  }

  /** The reverse of {@link #pairs}, for showing a map in the form. */
  public static String join(Map<String, String> pairs) {
    StringBuilder b = new StringBuilder();
    pairs.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    return b.toString();
  }
}
