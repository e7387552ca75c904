package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import org.junit.jupiter.api.Test;

class IgnoreRulesTest {

  @Test
  void parse_normalisesLinesLikeIgnorefileReadAll() {
    IgnoreRules rules =
        IgnoreRules.parse(
            "\uFEFF# comment\r\n"
                + "\r\n"
                + "  /logs//old/./  \r\n"
                + "!  /logs/old/keep.txt\n"
                + "   \n"
                + "a/../b\n"
                + "  # indented is a pattern\n"
                + "/\n");

    assertThat(rules.patterns())
        .containsExactly("logs/old", "!logs/old/keep.txt", "b", "# indented is a pattern", "/");
  }

  @Test
  void parse_bomOnlyCountsOnTheFirstLine() {
    IgnoreRules rules = IgnoreRules.parse("a\n\uFEFFb\n");

    assertThat(rules.patterns()).containsExactly("a", "\uFEFFb");
  }

  @Test
  void parse_emptyTextExcludesNothing() {
    IgnoreRules rules = IgnoreRules.parse("# only a comment\n\n");

    assertThat(rules.isEmpty()).isTrue();
    assertThat(rules.isExcluded("anything")).isFalse();
    assertThat(IgnoreRules.none().isExcluded("x")).isFalse();
  }

  @Test
  void parse_loneExclamationMarkIsAnErrorWithItsLine() {
    assertThatThrownBy(() -> IgnoreRules.parse("docker/.dockerignore", "a\n# c\n  !  \n"))
        .isInstanceOfSatisfying(
            IgnoreFileError.class,
            e -> {
              assertThat(e).isInstanceOf(UserError.class);
              assertThat(e.fileName()).isEqualTo("docker/.dockerignore");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.getMessage())
                  .startsWith("docker/.dockerignore:3: illegal exclusion pattern: \"!\"");
            });
  }

  @Test
  void parse_exclamationBeforeARootSlashIsAlsoIllegal() {
    // "!/" is read as "!" + "/"; the matcher cleans "!/" once more into "!", which it rejects.
    assertThatThrownBy(() -> IgnoreRules.parse("!/\n")).isInstanceOf(IgnoreFileError.class);
  }

  @Test
  void parse_malformedWildcardIsAnErrorWithItsLine() {
    assertThatThrownBy(() -> IgnoreRules.parse("ok\nsrc/[a-\n"))
        .isInstanceOfSatisfying(
            IgnoreFileError.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage())
                  .isEqualTo(".dockerignore:2: syntax error in pattern \"src/[a-\"");
            });
  }

  @Test
  void isExcluded_neverExcludesTheContextRoot() {
    IgnoreRules rules = IgnoreRules.parse("**\n*\n.\n");

    assertThat(rules.isExcluded(".")).isFalse();
    assertThat(rules.isExcluded("")).isFalse();
    assertThat(rules.isExcluded("/")).isFalse();
    assertThat(rules.isExcluded("x")).isTrue();
  }

  @Test
  void mayContainIncluded_isFalseWithoutExceptions() {
    IgnoreRules rules = IgnoreRules.parse("node_modules\n");

    assertThat(rules.isExcluded("node_modules")).isTrue();
    assertThat(rules.mayContainIncluded("node_modules")).isFalse();
  }

  @Test
  void mayContainIncluded_plainExceptionOpensOnlyDirectoriesOnItsPath() {
    IgnoreRules rules = IgnoreRules.parse("*\n!docs/guide/index.md\n!tools/**\n");

    assertThat(rules.mayContainIncluded("docs")).isTrue();
    assertThat(rules.mayContainIncluded("docs/guide")).isTrue();
    assertThat(rules.mayContainIncluded("./docs/")).isTrue();
    assertThat(rules.mayContainIncluded("tools")).isTrue();
    assertThat(rules.mayContainIncluded("doc")).isFalse();
    assertThat(rules.mayContainIncluded("docs/other")).isFalse();
    assertThat(rules.mayContainIncluded("src")).isFalse();
  }

  @Test
  void mayContainIncluded_wildcardExceptionOpensEveryDirectory() {
    IgnoreRules rules = IgnoreRules.parse("data\nlogs\n!**/*.keep\n");

    assertThat(rules.mayContainIncluded("data")).isTrue();
    assertThat(rules.mayContainIncluded("logs/2024")).isTrue();
    assertThat(rules.isExcluded("logs/2024/x.keep")).isFalse();
    assertThat(rules.isExcluded("logs/2024/x.log")).isTrue();
  }

  @Test
  void mayContainIncluded_trailingGlobOfAnExceptionIsNotAWildcard() {
    IgnoreRules rules = IgnoreRules.parse("*\n!web/*\n");

    assertThat(rules.mayContainIncluded("web")).isTrue();
    assertThat(rules.mayContainIncluded("api")).isFalse();
  }

  @Test
  void ignoreFileFor_appendsTheSuffixToTheDockerfilePath() {
    assertThat(IgnoreRules.ignoreFileFor("Dockerfile")).isEqualTo("Dockerfile.dockerignore");
    assertThat(IgnoreRules.ignoreFileFor("docker/app.Dockerfile"))
        .isEqualTo("docker/app.Dockerfile.dockerignore");
    assertThat(IgnoreRules.ignoreFileFor("build/dockerfile"))
        .isEqualTo("build/dockerfile.dockerignore");
  }

  @Test
  void toString_listsThePatterns() {
    assertThat(IgnoreRules.parse("a\n!b\n")).hasToString("IgnoreRules[a, !b]");
  }
}
