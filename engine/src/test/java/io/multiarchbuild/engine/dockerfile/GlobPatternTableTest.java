package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code glob/match.txt} and checks the rest of GlobPattern's small surface. */
class GlobPatternTableTest {

  static Stream<Arguments> cases() {
    return QuotedFieldTable.read("/dockerfile/glob/match.txt").stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches_followsGoFilepathMatch(QuotedFieldTable.Line line) {
    String pattern = line.field(0);
    String name = line.field(1);
    String verdict = line.text().substring(line.text().lastIndexOf('»') + 1).trim();
    switch (verdict) {
      case "yes" -> assertThat(GlobPattern.match(pattern, name)).isTrue();
      case "no" -> assertThat(GlobPattern.match(pattern, name)).isFalse();
      case "BAD" ->
          assertThatThrownBy(() -> GlobPattern.compile(pattern))
              .isInstanceOfSatisfying(
                  GlobSyntaxError.class, e -> assertThat(e.pattern()).isEqualTo(pattern));
      default -> throw new IllegalStateException("bad verdict in " + line);
    }
  }

  @Test
  void table_hasEnoughCases() {
    assertThat(QuotedFieldTable.read("/dockerfile/glob/match.txt")).hasSizeGreaterThanOrEqualTo(60);
  }

  @Test
  void hasMeta_spotsTheFourWildcardCharacters() {
    assertThat(GlobPattern.hasMeta("src/app.go")).isFalse();
    assertThat(GlobPattern.hasMeta("src/*.go")).isTrue();
    assertThat(GlobPattern.hasMeta("file?.txt")).isTrue();
    assertThat(GlobPattern.hasMeta("v[12]")).isTrue();
    assertThat(GlobPattern.hasMeta("a\\b")).isTrue();
  }

  @Test
  void syntaxError_namesThePattern() {
    assertThatThrownBy(() -> GlobPattern.compile("src/[a-"))
        .hasMessage("syntax error in pattern \"src/[a-\"");
  }

  @Test
  void compiledPattern_isReusableAndComparable() {
    GlobPattern p = GlobPattern.compile("*.go");

    assertThat(p.matches("a.go")).isTrue();
    assertThat(p.matches("b.go")).isTrue();
    assertThat(p.pattern()).isEqualTo("*.go");
    assertThat(p).isEqualTo(GlobPattern.compile("*.go")).hasToString("*.go");
  }

  @Test
  void splitAtWildcard_cutsAtTheFirstComponentWithAWildcard() {
    assertThat(GlobPattern.splitAtWildcard("src/*/x.go"))
        .isEqualTo(new GlobPattern.WildcardPath("src", "*/x.go"));
    assertThat(GlobPattern.splitAtWildcard("/app/v[12]/"))
        .isEqualTo(new GlobPattern.WildcardPath("/app", "v[12]"));
    assertThat(GlobPattern.splitAtWildcard("*.txt"))
        .isEqualTo(new GlobPattern.WildcardPath("", "*.txt"));
    assertThat(GlobPattern.splitAtWildcard("./a/b/../c?"))
        .isEqualTo(new GlobPattern.WildcardPath("a", "c?"));
  }

  @Test
  void splitAtWildcard_withoutWildcardKeepsTheCleanedPath() {
    GlobPattern.WildcardPath p = GlobPattern.splitAtWildcard("dir//sub/./file\\*.txt");

    assertThat(p.hasWildcard()).isFalse();
    assertThat(p.base()).isEqualTo("dir/sub/file\\*.txt");
    assertThat(p.pattern()).isEmpty();
  }
}
