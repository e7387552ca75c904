package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/**
 * A Dockerfile as the parser read it.
 *
 * @param fileName the name used in messages (e.g. {@code Dockerfile} or {@code build/Dockerfile.prod})
 * @param directives parser directives, in file order
 * @param escape the escape character in force ({@code \\} or {@code `})
 * @param nodes the instructions, in file order
 * @param warnings non-fatal findings
 */
public record SyntaxTree(
    String fileName, List<Directive> directives, char escape, List<Node> nodes, List<ParseWarning> warnings) {

  public SyntaxTree {
    directives = List.copyOf(directives);
    nodes = List.copyOf(nodes);
    warnings = List.copyOf(warnings);
  }
}
