package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits ENV/LABEL/ARG arguments into words on whitespace outside quotes. Quotes and escape
 * characters stay in the words (the word expander removes them later); an escape character at the
 * very end is dropped. Inside single quotes the escape character has no special meaning.
 */
final class ArgumentWords {
  private ArgumentWords() {}

  static List<String> split(String rest, char escape) {
    final int spaces = 0;
    final int word = 1;
    final int quoted = 2;
    List<String> words = new ArrayList<>();
    int phase = spaces;
    int quote = 0;
    boolean blankOk = false;
    StringBuilder current = new StringBuilder();
    int n = rest.length();
    int pos = 0;
    while (pos <= n) {
      int ch = pos < n ? rest.codePointAt(pos) : 0;
      int width = pos < n ? Character.charCount(ch) : 1;
      if (phase == spaces) {
        if (pos == n) {
          break;
        }
        if (GoText.isSpace(ch)) {
          pos += width;
          continue;
        }
        phase = word;
      }
      if (pos == n) {
        if (blankOk || current.length() > 0) {
          words.add(current.toString());
        }
        break;
      }
      if (phase == word) {
        if (GoText.isSpace(ch)) {
          phase = spaces;
          if (blankOk || current.length() > 0) {
            words.add(current.toString());
          }
          current.setLength(0);
          blankOk = false;
          pos += width;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = quoted;
        }
        if (ch == escape) {
          if (pos + width == n) {
            pos += width;
            continue; // an escape character at the very end is dropped
          }
          // keep the escape character and the one it escapes, even a quote or a blank
          current.appendCodePoint(ch);
          pos += width;
          ch = rest.codePointAt(pos);
          width = Character.charCount(ch);
        }
        current.appendCodePoint(ch);
        pos += width;
        continue;
      }
      // phase == quoted
      if (ch == quote) {
        phase = word;
      }
      if (ch == escape && quote != '\'') {
        if (pos + width == n) {
          phase = word;
          pos += width;
          continue;
        }
        pos += width;
        current.appendCodePoint(ch);
        ch = rest.codePointAt(pos);
        width = Character.charCount(ch);
      }
      current.appendCodePoint(ch);
      pos += width;
    }
    return words;
  }
}
