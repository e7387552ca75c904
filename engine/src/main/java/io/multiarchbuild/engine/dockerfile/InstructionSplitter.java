package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one logical line (continuations already joined) into keyword, flags and arguments, with the
 * argument shape BuildKit's dispatch table gives each instruction. Unknown keywords are kept with no
 * arguments; rejecting them is the instruction layer's job.
 */
final class InstructionSplitter {
  /** ONBUILD may wrap ONBUILD at this level (the instruction layer rejects it); this only bounds recursion. */
  private static final int MAX_NESTING = 8;

  /** A parsed line before line numbers and here-documents are attached. */
  record Parsed(String keyword, List<String> flags, List<String> args, boolean json, Parsed nested, String original) {}

  private record Args(List<String> args, boolean json, Parsed nested) {
    static final Args NONE = new Args(List.of(), false, null);
  }

  private final String fileName;
  private final int line;
  private final char escape;

  InstructionSplitter(String fileName, int line, char escape) {
    this.fileName = fileName;
    this.line = line;
    this.escape = escape;
  }

  Parsed split(String text) {
    return split(text, 0);
  }

  private Parsed split(String text, int depth) {
    List<String> cmdline = GoText.splitBlanks(GoText.trimSpace(text), 2);
    String keyword = cmdline.get(0).toLowerCase(Locale.ROOT);
    List<String> flags = new ArrayList<>();
    String rest = "";
    if (cmdline.size() == 2) {
      rest = GoText.trimSpace(extractFlags(cmdline.get(1), flags));
    }
    Args a = arguments(keyword, rest, depth);
    return new Parsed(keyword, List.copyOf(flags), a.args(), a.json(), a.nested(), text);
  }

  /**
   * Moves leading {@code --name[=value]} words into {@code flags} and returns the remaining text. As in
   * BuildKit, quotes and backslashes inside a flag word are processed (always {@code \}, whatever the
   * escape directive says), and a bare {@code --} ends the flags.
   */
  static String extractFlags(String text, List<String> flags) {
    final int spaces = 0;
    final int word = 1;
    final int quoted = 2;
    int phase = spaces;
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean blankOk = false;
    int n = text.length();
    for (int pos = 0; pos <= n; pos++) {
      char ch = pos < n ? text.charAt(pos) : 0;
      if (phase == spaces) {
        if (pos == n) {
          break;
        }
        if (GoText.isSpace(ch)) {
          continue;
        }
        if (ch != '-' || pos + 1 == n || text.charAt(pos + 1) != '-') {
          return text.substring(pos);
        }
        phase = word;
      }
      if (pos == n) {
        if (!current.toString().equals("--") && (blankOk || current.length() > 0)) {
          flags.add(current.toString());
        }
        break;
      }
      if (phase == word) {
        if (GoText.isSpace(ch)) {
          phase = spaces;
          if (current.toString().equals("--")) {
            return text.substring(pos);
          }
          if (blankOk || current.length() > 0) {
            flags.add(current.toString());
          }
          current.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = quoted;
          continue;
        }
        if (ch == '\\') {
          if (pos + 1 == n) {
            continue;
          }
          pos++;
          ch = text.charAt(pos);
        }
        current.append(ch);
        continue;
      }
      // phase == quoted
      if (ch == quote) {
        phase = word;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == n) {
          phase = word;
          continue;
        }
        pos++;
        ch = text.charAt(pos);
      }
      current.append(ch);
    }
    return "";
  }

  private Args arguments(String keyword, String rest, int depth) {
    return switch (keyword) {
      case "add", "copy", "volume" -> jsonOrList(rest);
      case "run", "cmd", "entrypoint", "shell" -> jsonOrString(rest);
      case "env" -> keyValues(rest, "ENV");
      case "label" -> keyValues(rest, "LABEL");
      case "arg" -> new Args(ArgumentWords.split(rest, escape), false, null);
      case "expose", "from" -> new Args(whitespaceList(rest), false, null);
      case "maintainer", "stopsignal", "user", "workdir" ->
          rest.isEmpty() ? Args.NONE : new Args(List.of(rest), false, null);
      case "healthcheck" -> healthcheck(rest);
      case "onbuild" -> onbuild(rest, depth);
      default -> Args.NONE;
    };
  }

  private static List<String> whitespaceList(String rest) {
    return rest.isEmpty() ? List.of() : GoText.splitBlanks(rest, -1);
  }

  private Args jsonOrString(String rest) {
    if (rest.isEmpty()) {
      return Args.NONE;
    }
    JsonArrayReader.Result r = JsonArrayReader.read(rest);
    return switch (r.kind()) {
      case STRINGS -> new Args(r.strings(), true, null);
      case NOT_ALL_STRINGS -> throw notAllStrings();
      case NOT_JSON -> new Args(List.of(rest), false, null);
    };
  }

  private Args jsonOrList(String rest) {
    JsonArrayReader.Result r = JsonArrayReader.read(rest);
    return switch (r.kind()) {
      case STRINGS -> new Args(r.strings(), true, null);
      case NOT_ALL_STRINGS -> throw notAllStrings();
      case NOT_JSON -> new Args(whitespaceList(rest), false, null);
    };
  }

  private DockerfileError notAllStrings() {
    return new DockerfileError(
        fileName,
        line,
        "when using JSON array syntax, arrays must be comprised of strings only; quote every element, e.g. [\"sh\", \"-c\", \"...\"]");
  }

  /** ENV/LABEL: {@code k=v ...} (quotes kept as written), or the legacy single pair {@code k v}. */
  private Args keyValues(String rest, String instruction) {
    List<String> words = ArgumentWords.split(rest, escape);
    if (words.isEmpty()) {
      return Args.NONE;
    }
    List<String> out = new ArrayList<>();
    if (!words.get(0).contains("=")) {
      List<String> parts = GoText.splitBlanks(rest, 2);
      if (parts.size() < 2) {
        throw new DockerfileError(
            fileName, line, instruction + " must have two arguments; write " + instruction + " name=value");
      }
      out.addAll(parts);
      return new Args(out, false, null);
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq < 0) {
        throw new DockerfileError(
            fileName,
            line,
            "Syntax error - can't find = in "
                + GoText.quote(GoText.abbreviate(w, 200))
                + ". Must be of the form: name=value (quote values that contain spaces)");
      }
      out.add(w.substring(0, eq));
      out.add(w.substring(eq + 1));
    }
    return new Args(out, false, null);
  }

  /** HEALTHCHECK: the first word (NONE, CMD, or anything else, kept as written), then CMD's form. */
  private Args healthcheck(String rest) {
    int sep = 0;
    while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) {
      sep++;
    }
    if (sep == 0) {
      return Args.NONE;
    }
    int next = sep;
    while (next < rest.length() && GoText.isSpace(rest.charAt(next))) {
      next++;
    }
    Args cmd = jsonOrString(rest.substring(next));
    List<String> args = new ArrayList<>();
    args.add(rest.substring(0, sep));
    args.addAll(cmd.args());
    return new Args(args, cmd.json(), null);
  }

  private Args onbuild(String rest, int depth) {
    if (rest.isEmpty()) {
      return Args.NONE;
    }
    if (depth >= MAX_NESTING) {
      throw new DockerfileError(
          fileName, line, "ONBUILD nested " + MAX_NESTING + " levels deep; an ONBUILD trigger cannot be another ONBUILD");
    }
    return new Args(List.of(), false, split(rest, depth + 1));
  }
}
