package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.DockerfileError;
import io.multiarchbuild.engine.dockerfile.ExpansionError;
import io.multiarchbuild.engine.dockerfile.ShellWords;
import java.util.List;
import java.util.function.Function;

/**
 * The one place the planner expands words ({@link ShellWords}, BuildKit's rules), turning
 * expansion errors into {@link DockerfileError}s that name the line.
 */
final class Expander {
  private final ShellWords words;
  private final ShellWords heredocs;
  private final String fileName;

  Expander(char escape, String fileName) {
    this.words = ShellWords.of(escape);
    // BuildKit expands an unquoted COPY/ADD heredoc body keeping its quotes and escapes.
    this.heredocs = words.keepingQuotes().keepingEscapes();
    this.fileName = fileName;
  }

  /** Expands one word; {@code env} returns null for an unset name. */
  String word(String raw, Function<String, String> env, int line) {
    try {
      return raw == null ? null : words.expand(raw, env);
    } catch (ExpansionError e) {
      throw new DockerfileError(fileName, line, e.detail());
    }
  }

  /** Expands and splits on unquoted white space (EXPOSE). */
  List<String> words(String raw, Function<String, String> env, int line) {
    try {
      return words.expandWords(raw, env);
    } catch (ExpansionError e) {
      throw new DockerfileError(fileName, line, e.detail());
    }
  }

  /** Expands a here-document body that is written to a file. */
  String heredoc(String raw, Function<String, String> env, int line) {
    try {
      return heredocs.expand(raw, env);
    } catch (ExpansionError e) {
      throw new DockerfileError(fileName, line, e.detail());
    }
  }
}
