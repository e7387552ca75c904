package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The "maybe JSON" test of BuildKit's exec form: the text (after leading blanks) must start with
 * {@code [} and be exactly one valid JSON document, as Go's {@code json.Unmarshal} judges it
 * (trailing text, single quotes, a missing comma all make it invalid, and then the instruction falls
 * back to shell form). A valid array with a non-string element is different: that is an error.
 * Hand-written instead of Jackson so the accepted language is exactly Go's (strict numbers, no
 * comments, lone surrogate escapes become U+FFFD, nesting limit) and nesting cannot overflow the stack.
 */
final class JsonArrayReader {
  /** Go's decoder gives up beyond this nesting depth; the text is then not JSON. */
  private static final int MAX_DEPTH = 10000;

  /** Outcome of {@link #read}. */
  enum Kind {
    NOT_JSON,
    STRINGS,
    NOT_ALL_STRINGS
  }

  record Result(Kind kind, List<String> strings) {}

  private final String s;
  private int pos;
  /** Go decodes numbers into float64 and fails on overflow, which also makes the text "not JSON". */
  private boolean overflow;

  private JsonArrayReader(String s) {
    this.s = s;
  }

  static Result read(String text) {
    String t = GoText.trimLeadingSpace(text);
    if (!t.startsWith("[")) {
      return new Result(Kind.NOT_JSON, List.of());
    }
    return new JsonArrayReader(t).top();
  }

  private Result top() {
    List<String> strings = new ArrayList<>();
    boolean allStrings = true;
    try {
      pos = 1;
      skipWs();
      if (peek() == ']') {
        pos++;
      } else {
        while (true) {
          skipWs();
          if (peek() == '"') {
            strings.add(string());
          } else {
            allStrings = false;
            value();
          }
          skipWs();
          char c = next();
          if (c == ']') {
            break;
          }
          if (c != ',') {
            return new Result(Kind.NOT_JSON, List.of());
          }
        }
      }
      skipWs();
      if (pos != s.length() || overflow) {
        return new Result(Kind.NOT_JSON, List.of());
      }
    } catch (Invalid e) {
      return new Result(Kind.NOT_JSON, List.of());
    }
    return allStrings ? new Result(Kind.STRINGS, strings) : new Result(Kind.NOT_ALL_STRINGS, List.of());
  }

  /** Validates one value of any type without recursion (depth is tracked in a counter stack). */
  private void value() {
    // stack of open containers: '[' or '{'
    StringBuilder open = new StringBuilder();
    open.append('['); // the enclosing top-level array counts towards the depth
    int base = open.length();
    while (true) {
      skipWs();
      char c = peek();
      if (c == '[' || c == '{') {
        pos++;
        open.append(c);
        if (open.length() > MAX_DEPTH) {
          throw new Invalid();
        }
        skipWs();
        char end = c == '[' ? ']' : '}';
        if (peek() == end) {
          pos++;
          open.setLength(open.length() - 1);
        } else if (c == '{') {
          member();
          continue;
        } else {
          continue;
        }
      } else if (c == '"') {
        string();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        number();
      } else if (!literal("true") && !literal("false") && !literal("null")) {
        throw new Invalid();
      }
      // after a complete value: close containers or move to the next element
      while (true) {
        if (open.length() == base) {
          return;
        }
        skipWs();
        char top = open.charAt(open.length() - 1);
        char d = next();
        if (d == ',') {
          if (top == '{') {
            skipWs();
            member();
          }
          break;
        }
        if ((top == '[' && d == ']') || (top == '{' && d == '}')) {
          open.setLength(open.length() - 1);
          continue;
        }
        throw new Invalid();
      }
    }
  }

  /** An object member's {@code "key" :} part; the value follows. */
  private void member() {
    if (peek() != '"') {
      throw new Invalid();
    }
    string();
    skipWs();
    if (next() != ':') {
      throw new Invalid();
    }
  }

  private boolean literal(String word) {
    if (s.startsWith(word, pos)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  private void number() {
    int start = pos;
    scanNumber();
    if (Double.isInfinite(Double.parseDouble(s.substring(start, pos)))) {
      overflow = true;
    }
  }

  private void scanNumber() {
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw new Invalid();
    }
    if (peek() == '.') {
      pos++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw new Invalid();
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw new Invalid();
      }
      digits();
    }
  }

  private void digits() {
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw new Invalid(); // also covers the end of input (next() returns 0)
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          char u = hex4();
          if (Character.isHighSurrogate(u)
              && s.startsWith("\\u", pos)
              && Character.isLowSurrogate(peekHex4(pos + 2))) {
            pos += 2;
            b.append(u).append(hex4());
          } else if (Character.isSurrogate(u)) {
            b.append('\uFFFD'); // Go replaces an unpaired surrogate
          } else {
            b.append(u);
          }
        }
        default -> throw new Invalid();
      }
    }
  }

  private char hex4() {
    char c = peekHex4(pos);
    if (c == 0xFFFF && !isHex4(pos)) {
      throw new Invalid();
    }
    pos += 4;
    return c;
  }

  private boolean isHex4(int at) {
    if (at + 4 > s.length()) {
      return false;
    }
    for (int i = at; i < at + 4; i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }

  /** The 4-hex-digit value at {@code at}, or U+FFFF if there is none. */
  private char peekHex4(int at) {
    if (!isHex4(at)) {
      return 0xFFFF;
    }
    return (char) Integer.parseInt(s.substring(at, at + 4), 16);
  }

  private void skipWs() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : 0;
  }

  private char next() {
    if (pos >= s.length()) {
      throw new Invalid();
    }
    return s.charAt(pos++);
  }

  /** Internal control flow for "not valid JSON"; never escapes this class. */
  private static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid() {
      super(null, null, false, false);
    }
  }
}
