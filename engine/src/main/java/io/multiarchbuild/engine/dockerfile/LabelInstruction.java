package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code LABEL k=v …}; pairs unexpanded. */
public record LabelInstruction(List<KeyValue> pairs, SourceRange source) implements Instruction {
  public LabelInstruction {
    pairs = List.copyOf(pairs);
  }

  @Override
  public String keyword() {
    return "LABEL";
  }
}
