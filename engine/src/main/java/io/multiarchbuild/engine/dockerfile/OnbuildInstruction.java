package io.multiarchbuild.engine.dockerfile;

/** {@code ONBUILD <instruction>}: the trigger, already validated, and its text as stored in the image config. */
public record OnbuildInstruction(Instruction trigger, String expression, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "ONBUILD";
  }
}
