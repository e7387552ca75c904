package io.multiarchbuild.engine.dockerfile;

/** {@code STOPSIGNAL signal}, unexpanded. */
public record StopSignalInstruction(String signal, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "STOPSIGNAL";
  }
}
