package io.multiarchbuild.engine.dockerfile;

/** Syntax trees for tests of the layers above the parser, from Dockerfile lines. */
public final class TestTrees {
  private TestTrees() {}

  public static SyntaxTree tree(String... lines) {
    return DockerfileParser.parse("Dockerfile", String.join("\n", lines) + "\n");
  }
}
