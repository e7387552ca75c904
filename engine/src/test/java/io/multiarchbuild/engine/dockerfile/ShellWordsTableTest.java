package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the expansion tables {@code words.txt} and {@code split.txt}. */
class ShellWordsTableTest {

  /** One case: the escape and environment in force at its line, and the line itself. */
  record Case(char escape, Map<String, String> env, QuotedFieldTable.Line line) {
    @Override
    public String toString() {
      return "[" + escape + "] " + line;
    }
  }

  static List<Case> cases(String resource) {
    List<Case> out = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    char escape = '\\';
    for (QuotedFieldTable.Line line : QuotedFieldTable.read(resource)) {
      String text = line.text();
      if (text.startsWith("ENV ")) {
        env.put(text.substring(4, text.indexOf('«')).trim(), line.field(0));
      } else if (text.startsWith("ESCAPE ")) {
        escape = text.substring(7).trim().charAt(0);
      } else {
        out.add(new Case(escape, Map.copyOf(env), line));
      }
    }
    return out;
  }

  static Stream<Arguments> words() {
    return cases("/dockerfile/expansion/words.txt").stream().map(Arguments::of);
  }

  static Stream<Arguments> splits() {
    return cases("/dockerfile/expansion/split.txt").stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("words")
  void expand_matchesTheTable(Case c) {
    ShellWords shell = ShellWords.of(c.escape());
    String input = c.line().field(0);
    String tail = c.line().text().substring(c.line().text().indexOf(" => ") + 4);
    if (tail.startsWith("ERROR ")) {
      assertThatThrownBy(() -> shell.expand(input, c.env()::get))
          .isInstanceOfSatisfying(
              ExpansionError.class,
              e -> assertThat(e.reason()).isEqualTo(c.line().field(1)));
    } else {
      assertThat(c.line().fields()).hasSize(2);
      assertThat(shell.expand(input, c.env()::get)).isEqualTo(c.line().field(1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("splits")
  void expandWords_matchesTheTable(Case c) {
    ShellWords shell = ShellWords.of(c.escape());
    String input = c.line().field(0);
    List<String> expected = c.line().fields().subList(1, c.line().fields().size());
    if (c.line().text().endsWith("=> NONE")) {
      assertThat(expected).isEmpty();
    } else {
      assertThat(expected).isNotEmpty();
    }
    assertThat(shell.expandWords(input, c.env()::get)).containsExactlyElementsOf(expected);
  }

  @org.junit.jupiter.api.Test
  void tables_haveEnoughCases() {
    assertThat(cases("/dockerfile/expansion/words.txt")).hasSizeGreaterThanOrEqualTo(120);
    assertThat(cases("/dockerfile/expansion/split.txt")).hasSizeGreaterThanOrEqualTo(30);
  }
}
