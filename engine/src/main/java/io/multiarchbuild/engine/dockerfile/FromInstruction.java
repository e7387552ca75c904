package io.multiarchbuild.engine.dockerfile;

/** {@code FROM [--platform=P] image [AS name]}; image and platform unexpanded, stage name lower-cased (null when unnamed). */
public record FromInstruction(String image, String platform, String stageName, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "FROM";
  }
}
