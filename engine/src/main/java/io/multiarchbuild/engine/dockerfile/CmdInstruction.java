package io.multiarchbuild.engine.dockerfile;

/** {@code CMD}. */
public record CmdInstruction(CommandLine command, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "CMD";
  }
}
