package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code ignore/rules.txt}. */
class IgnoreRulesTableTest {

  record Case(List<String> fileLines, String path, boolean excluded, int line) {
    @Override
    public String toString() {
      return "line " + line + ": " + fileLines + " " + path + (excluded ? " excluded" : " included");
    }
  }

  static List<Case> all() {
    List<Case> out = new ArrayList<>();
    List<String> current = null;
    for (QuotedFieldTable.Line line : QuotedFieldTable.read("/dockerfile/ignore/rules.txt")) {
      if (line.text().startsWith("patterns ")) {
        current = line.fields();
        continue;
      }
      if (current == null) {
        throw new IllegalStateException("case before any patterns line: " + line);
      }
      String verdict = line.text().substring(line.text().lastIndexOf('»') + 1).trim();
      if (!verdict.equals("excluded") && !verdict.equals("included")) {
        throw new IllegalStateException("bad verdict in " + line);
      }
      out.add(new Case(current, line.field(0), verdict.equals("excluded"), line.number()));
    }
    return out;
  }

  static Stream<Arguments> cases() {
    return all().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isExcluded_matchesTheTable(Case c) {
    IgnoreRules rules = IgnoreRules.parse(String.join("\n", c.fileLines()) + "\n");

    assertThat(rules.isExcluded(c.path())).isEqualTo(c.excluded());
  }

  @Test
  void table_hasEnoughCases() {
    assertThat(all()).hasSizeGreaterThanOrEqualTo(60);
  }
}
