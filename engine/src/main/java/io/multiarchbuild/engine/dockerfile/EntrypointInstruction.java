package io.multiarchbuild.engine.dockerfile;

/** {@code ENTRYPOINT}. */
public record EntrypointInstruction(CommandLine command, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "ENTRYPOINT";
  }
}
