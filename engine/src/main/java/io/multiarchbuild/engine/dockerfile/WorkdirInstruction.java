package io.multiarchbuild.engine.dockerfile;

/** {@code WORKDIR path}, unexpanded; relative paths join the previous WORKDIR. */
public record WorkdirInstruction(String path, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "WORKDIR";
  }
}
