package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitUrlTest {

  @Test
  void parse_fragmentRefAndSubdir() {
    assertThat(GitSourceOp.GitUrl.parse("https://h/o/r.git#v1.2:docs/site/"))
        .isEqualTo(new GitSourceOp.GitUrl("https://h/o/r.git", "v1.2", "docs/site"));
  }

  @Test
  void parse_scpStyleWithoutFragment_isHeadOfRoot() {
    assertThat(GitSourceOp.GitUrl.parse("git@github.com:org/repo.git")).isEqualTo(new GitSourceOp.GitUrl("git@github.com:org/repo.git", null, ""));
  }

  @Test
  void parse_subdirOnlyFragment_keepsHead() {
    assertThat(GitSourceOp.GitUrl.parse("git://h/r.git#:sub")).isEqualTo(new GitSourceOp.GitUrl("git://h/r.git", null, "sub"));
  }

  @Test
  void parse_queryForm_refAndSubdir_andUnknownKeysIgnored() {
    assertThat(GitSourceOp.GitUrl.parse("https://h/r.git?tag=v2&subdir=a/b&keep-git-dir=1"))
        .isEqualTo(new GitSourceOp.GitUrl("https://h/r.git", "v2", "a/b"));
  }

  @Test
  void parse_subdirClimbingOut_isCleanedToTheRoot() {
    assertThat(GitSourceOp.GitUrl.parse("https://h/r.git#main:../../etc").subdir()).isEqualTo("etc");
  }
}
