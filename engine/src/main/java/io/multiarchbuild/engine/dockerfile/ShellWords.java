package io.multiarchbuild.engine.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Dockerfile variable expansion, behaving like BuildKit's shell lexer ({@code
 * frontend/dockerfile/shell/lex.go}): {@code $v}, {@code ${v}}, the {@code - + ?} modifiers with
 * and without {@code :}, {@code # ## % %%} trimming and {@code / //} replacement with glob
 * patterns, single quotes (literal), double quotes (expanding, escape protects {@code " $} and the
 * escape itself), and the escape character (backslash or backtick, per the {@code # escape=}
 * directive) outside quotes.
 *
 * <p>Lookup: {@code env} returns a variable's value, or {@code null} when it is unset; BuildKit
 * looks up every name it meets, including special parameters ({@code $1}, {@code $@}, {@code $$}),
 * which are therefore normally unset and expand to nothing.
 *
 * <p>Errors: {@link ExpansionError}, whose message is BuildKit's ({@code failed to process "w":
 * reason}) without a location; wrap it with the file and line.
 *
 * <p>Immutable and thread-safe.
 */
public final class ShellWords {
  private static final ShellWords BACKSLASH = new ShellWords('\\');
  private static final ShellWords BACKTICK = new ShellWords('`');

  private final char escape;

  private ShellWords(char escape) {
    this.escape = escape;
  }

  /** The lexer for a Dockerfile whose escape character is {@code \} or {@code `}. */
  public static ShellWords of(char escape) {
    return switch (escape) {
      case '\\' -> BACKSLASH;
      case '`' -> BACKTICK;
      default -> throw new IllegalArgumentException("escape must be \\ or `, not " + escape);
    };
  }

  public char escape() {
    return escape;
  }

  /** One value with quotes and escapes removed (BuildKit {@code ProcessWord}); ENV, LABEL, ... */
  public String expand(String word, Function<String, String> env) {
    return process(word, env).value();
  }

  /**
   * The expanded text split into words on unquoted white space, including white space that came
   * from a variable's value (BuildKit {@code ProcessWords}); COPY/ADD sources, EXPOSE, ...
   */
  public List<String> expandWords(String text, Function<String, String> env) {
    return process(text, env).words();
  }

  /** Value, words and which variables were referenced (set or unset). */
  public Expansion process(String text, Function<String, String> env) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(env, "env");
    WordLexer lexer = new WordLexer(escape, text, env);
    try {
      WordLexer.Piece piece = lexer.readUntil(WordLexer.EOF, false);
      return new Expansion(piece.value(), piece.words(), lexer.matched, lexer.unmatched);
    } catch (WordLexer.Failure e) {
      throw new ExpansionError(text, e.getMessage());
    }
  }
}
