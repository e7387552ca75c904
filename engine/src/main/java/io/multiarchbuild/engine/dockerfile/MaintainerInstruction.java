package io.multiarchbuild.engine.dockerfile;

/** {@code MAINTAINER name} (deprecated; sets the image author). */
public record MaintainerInstruction(String maintainer, SourceRange source) implements Instruction {

  @Override
  public String keyword() {
    return "MAINTAINER";
  }
}
