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
 * <p>By default quotes and escapes are removed and unset variables expand to nothing, as for
 * instruction arguments; {@link #keepingQuotes()}, {@link #keepingEscapes()} and {@link
 * #keepingUnsetReferences()} give the variants BuildKit uses for heredocs.
 *
 * <p>Immutable and thread-safe.
 */
public final class ShellWords {
  private static final ShellWords BACKSLASH = new ShellWords('\\', false, false, false);
  private static final ShellWords BACKTICK = new ShellWords('`', false, false, false);

  private final char escape;
  private final boolean rawQuotes;
  private final boolean rawEscapes;
  private final boolean keepUnset;

  private ShellWords(char escape, boolean rawQuotes, boolean rawEscapes, boolean keepUnset) {
    this.escape = escape;
    this.rawQuotes = rawQuotes;
    this.rawEscapes = rawEscapes;
    this.keepUnset = keepUnset;
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

  /**
   * A lexer that keeps quote characters in its output (BuildKit {@code RawQuotes}); with {@link
   * #keepingEscapes()} this is how BuildKit expands an unquoted heredoc body for COPY/ADD.
   */
  public ShellWords keepingQuotes() {
    return new ShellWords(escape, true, rawEscapes, keepUnset);
  }

  /** A lexer that keeps escape characters in its output (BuildKit {@code RawEscapes}). */
  public ShellWords keepingEscapes() {
    return new ShellWords(escape, rawQuotes, true, keepUnset);
  }

  /**
   * A lexer that writes a reference to an unset variable back as written ({@code $x}, {@code
   * ${x}}, {@code ${x:-w}} with w expanded) instead of expanding it (BuildKit {@code SkipUnsetEnv});
   * an unset {@code ${x?msg}} then is no error. The parser uses all three options to find heredoc
   * markers without disturbing them.
   */
  public ShellWords keepingUnsetReferences() {
    return new ShellWords(escape, rawQuotes, rawEscapes, true);
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
    WordLexer lexer = new WordLexer(escape, rawQuotes, keepUnset, text, env);
    try {
      WordLexer.Piece piece = lexer.readUntil(WordLexer.EOF, rawEscapes);
      return new Expansion(piece.value(), piece.words(), lexer.matched, lexer.unmatched);
    } catch (WordLexer.Failure e) {
      throw new ExpansionError(text, e.getMessage());
    }
  }
}
