package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code VOLUME} paths (JSON or words). */
public record VolumeInstruction(List<String> paths, SourceRange source) implements Instruction {
  public VolumeInstruction {
    paths = List.copyOf(paths);
  }

  @Override
  public String keyword() {
    return "VOLUME";
  }
}
