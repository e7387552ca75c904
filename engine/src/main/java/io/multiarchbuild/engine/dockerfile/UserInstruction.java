package io.multiarchbuild.engine.dockerfile;

/** {@code USER user[:group]}, unexpanded. */
public record UserInstruction(String user, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "USER";
  }
}
