package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/**
 * A Dockerfile as typed, validated instructions, not yet expanded (see {@link Instructions#parse}).
 *
 * @param fileName the name used in messages
 * @param escape the escape character in force (needed to expand words later)
 * @param labs true when {@code # syntax=} selects a {@code -labs} frontend (enables {@code RUN --device})
 * @param globalArgs ARG instructions before the first FROM (usable in FROM lines only)
 * @param stages the stages in file order
 * @param warnings the parser's non-fatal findings
 */
public record DockerfileModel(
    String fileName,
    char escape,
    boolean labs,
    List<ArgInstruction> globalArgs,
    List<Stage> stages,
    List<ParseWarning> warnings) {

  public DockerfileModel {
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }
}
