package io.multiarchbuild.engine.dockerfile;

/**
 * Where an instruction came from: its lines in the Dockerfile and its text as written, so later
 * stages (planner, solver, progress) can name it in messages and vertex names.
 *
 * @param startLine first line, 1-based
 * @param endLine last line, including continuations and heredoc bodies
 * @param original the instruction text as written (continuations joined)
 */
public record SourceRange(int startLine, int endLine, String original) {

  static SourceRange of(Node node) {
    return new SourceRange(node.startLine(), node.endLine(), node.original() == null ? "" : node.original());
  }
}
