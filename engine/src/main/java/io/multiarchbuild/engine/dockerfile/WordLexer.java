package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One pass of BuildKit's word lexer ({@code frontend/dockerfile/shell/lex.go}) over one word. It
 * is a recursive-descent reader over code points: {@code $} starts a parameter, quotes start a
 * quoted run, the escape character protects the next character, and a modifier's word is read by
 * the same loop, recursively, up to its closing brace. Single use, not thread-safe; the public face
 * is {@link ShellWords}.
 */
final class WordLexer {
  static final int EOF = -1;

  private final int escape;
  private final boolean rawQuotes;
  private final boolean keepUnset;
  private final Function<String, String> env;
  private final int[] text;
  private int pos;
  final Set<String> matched = new LinkedHashSet<>();
  final Set<String> unmatched = new LinkedHashSet<>();

  WordLexer(
      int escape,
      boolean rawQuotes,
      boolean keepUnset,
      String word,
      Function<String, String> env) {
    this.escape = escape;
    this.rawQuotes = rawQuotes;
    this.keepUnset = keepUnset;
    this.env = env;
    this.text = word.codePoints().toArray();
    // Go's text/scanner drops a byte-order mark at the very start of its input.
    this.pos = text.length > 0 && text[0] == 0xFEFF ? 1 : 0;
  }

  /** A word's failure; ShellWords turns it into an {@link ExpansionError} naming the whole word. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason, null, false, false);
    }
  }

  /** What one read up to a stop character produced. */
  record Piece(String value, List<String> words) {}

  private int peek() {
    return pos < text.length ? text[pos] : EOF;
  }

  private int next() {
    return pos < text.length ? text[pos++] : EOF;
  }

  /**
   * Reads until {@code stop} (consumed) or, when {@code stop} is EOF, to the end. With {@code
   * rawEscapes} the escape character is kept in the output (patterns and replacements need to see
   * it). BuildKit shares one word buffer between nesting levels; we keep one per level, so text
   * before a nested {@code ${x:-...}} is never lost from the word list.
   */
  Piece readUntil(int stop, boolean rawEscapes) {
    StringBuilder result = new StringBuilder();
    WordSplitter words = new WordSplitter();
    while (peek() != EOF) {
      int ch = peek();
      if (stop != EOF && ch == stop) {
        next();
        return new Piece(result.toString(), words.finish());
      }
      if (ch == '$') {
        String value = dollar();
        result.append(value);
        words.addExpanded(value);
      } else if (ch == '\'') {
        String value = singleQuoted();
        result.append(value);
        words.addQuoted(value);
      } else if (ch == '"') {
        String value = doubleQuoted(rawEscapes);
        result.append(value);
        words.addQuoted(value);
      } else {
        next();
        if (ch == escape) {
          if (rawEscapes) {
            words.addLiteral(ch);
            result.appendCodePoint(ch);
          }
          ch = next();
          if (ch == EOF) {
            break; // a trailing escape is dropped
          }
          words.addLiteral(ch);
        } else {
          words.addPlain(ch);
        }
        result.appendCodePoint(ch);
      }
    }
    if (stop != EOF) {
      throw new Failure(
          "unexpected end of statement while looking for matching " + GoText.runeString(stop));
    }
    return new Piece(result.toString(), words.finish());
  }

  private String singleQuoted() {
    StringBuilder b = new StringBuilder();
    quote(b, next());
    while (true) {
      int ch = next();
      if (ch == EOF) {
        throw new Failure("unexpected end of statement while looking for matching single-quote");
      }
      if (ch == '\'') {
        quote(b, ch);
        return b.toString();
      }
      b.appendCodePoint(ch);
    }
  }

  /** Inside double quotes the escape protects only {@code "}, {@code $} and itself. */
  private String doubleQuoted(boolean rawEscapes) {
    StringBuilder b = new StringBuilder();
    quote(b, next());
    while (true) {
      int ch = peek();
      if (ch == EOF) {
        throw new Failure("unexpected end of statement while looking for matching double-quote");
      }
      if (ch == '"') {
        quote(b, next());
        return b.toString();
      }
      if (ch == '$') {
        b.append(dollar());
        continue;
      }
      next();
      if (ch == escape) {
        if (rawEscapes) {
          b.appendCodePoint(ch);
        }
        int following = peek();
        if (following == EOF) {
          continue; // reported as the unterminated quote on the next turn
        }
        if (following == '"' || following == '$' || following == escape) {
          ch = next();
        }
      }
      b.appendCodePoint(ch);
    }
  }

  private void quote(StringBuilder b, int quoteChar) {
    if (rawQuotes) {
      b.appendCodePoint(quoteChar);
    }
  }

  private String dollar() {
    next();
    if (peek() != '{') {
      String name = name();
      if (name.isEmpty()) {
        return "$"; // "$" before anything that cannot start a name stays literal
      }
      String value = lookup(name);
      if (value == null) {
        return keepUnset ? "$" + name : "";
      }
      return value;
    }
    next();
    int first = peek();
    if (first == EOF) {
      throw new Failure("syntax error: missing '}'");
    }
    if (first == '{' || first == '}' || first == ':') {
      throw new Failure("syntax error: bad substitution");
    }
    String name = name();
    int op = next();
    if (op == '}') {
      String value = lookup(name);
      if (value == null) {
        return keepUnset ? "${" + name + "}" : "";
      }
      return value;
    }
    if (op == '/') {
      return replace(name);
    }
    String modifier = GoText.runeString(op);
    boolean nullIsUnset = false;
    if (op == ':') {
      nullIsUnset = true;
      op = next();
      modifier += GoText.runeString(op);
    } else if (op != '+' && op != '-' && op != '?' && op != '#' && op != '%') {
      throw new Failure("unsupported modifier (" + modifier + ") in substitution");
    }
    boolean pattern = op == '#' || op == '%';
    if (nullIsUnset && pattern) {
      throw new Failure("unsupported modifier (" + modifier + ") in substitution");
    }
    String word = wordOfModifier('}', pattern, "syntax error: missing '}'");
    String value = lookup(name);
    if (value == null && keepUnset) {
      return "${" + name + modifier + word + "}";
    }
    boolean empty = value == null || (nullIsUnset && value.isEmpty());
    switch (op) {
      case '-':
        return empty ? word : value;
      case '+':
        return empty ? "" : word;
      case '?':
        if (value == null) {
          throw new Failure(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
        }
        if (empty) {
          throw new Failure(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
        }
        return value;
      case '#':
      case '%':
        String subject = value == null ? "" : value;
        boolean longest = !word.isEmpty() && word.charAt(0) == op;
        String glob = longest ? word.substring(1) : word;
        return op == '#'
            ? ShellPatterns.trimPrefix(glob, subject, longest)
            : ShellPatterns.trimSuffix(glob, subject, longest);
      default:
        throw new Failure("unsupported modifier (" + modifier + ") in substitution");
    }
  }

  /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
  private String replace(String name) {
    boolean all = peek() == '/';
    if (all) {
      next();
    }
    String pattern = wordOfModifier('/', true, "syntax error: missing '/' in ${}");
    String replacement = wordOfModifier('}', true, "syntax error: missing '}'");
    String value = lookup(name);
    if (value == null && keepUnset) {
      // BuildKit writes a single slash back even for the "//" form.
      return "${" + name + "/" + pattern + "/" + replacement + "}";
    }
    return ShellPatterns.replace(pattern, value == null ? "" : value, replacement, all);
  }

  /** Reads a modifier's word; running off the end is reported as the missing delimiter. */
  private String wordOfModifier(int stop, boolean rawEscapes, String missing) {
    try {
      return readUntil(stop, rawEscapes).value();
    } catch (Failure e) {
      if (peek() == EOF) {
        throw new Failure(missing);
      }
      throw e;
    }
  }

  /**
   * A parameter name: a run of letters, digits and underscores; or a run of digits (positional
   * parameters); or one special parameter character ({@code @ * # ? - $ !}).
   */
  private String name() {
    StringBuilder b = new StringBuilder();
    while (peek() != EOF) {
      int ch = peek();
      if (b.isEmpty() && GoText.isDigit(ch)) {
        while (peek() != EOF && GoText.isDigit(peek())) {
          b.appendCodePoint(next());
        }
        return b.toString();
      }
      if (b.isEmpty() && isSpecialParameter(ch)) {
        return GoText.runeString(next());
      }
      if (!GoText.isLetter(ch) && !GoText.isDigit(ch) && ch != '_') {
        break;
      }
      b.appendCodePoint(next());
    }
    return b.toString();
  }

  private static boolean isSpecialParameter(int ch) {
    return switch (ch) {
      case '@', '*', '#', '?', '-', '$', '!', '0' -> true;
      default -> false;
    };
  }

  private String lookup(String name) {
    String value = env.apply(name);
    if (value == null) {
      unmatched.add(name);
    } else {
      matched.add(name);
    }
    return value;
  }

  /**
   * Splits the expanded text into words the way BuildKit does: white space coming from plain text
   * or from a variable's value separates words; quoted text and escaped characters never do. A
   * word made only of empty quotes is dropped.
   */
  private static final class WordSplitter {
    private final List<String> words = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private boolean inWord;

    void addPlain(int ch) {
      if (GoText.isSpace(ch)) {
        if (inWord && !current.isEmpty()) {
          words.add(current.toString());
          current.setLength(0);
          inWord = false;
        }
      } else {
        addLiteral(ch);
      }
    }

    void addLiteral(int ch) {
      current.appendCodePoint(ch);
      inWord = true;
    }

    void addExpanded(String s) {
      s.codePoints().forEach(this::addPlain);
    }

    void addQuoted(String s) {
      current.append(s);
      inWord = true;
    }

    List<String> finish() {
      if (!current.isEmpty()) {
        words.add(current.toString());
        current.setLength(0);
        inWord = false;
      }
      return words;
    }
  }
}
