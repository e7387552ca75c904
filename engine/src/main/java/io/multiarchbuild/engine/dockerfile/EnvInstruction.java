package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code ENV k=v …} (or legacy {@code ENV k v}); pairs unexpanded. */
public record EnvInstruction(List<KeyValue> pairs, SourceRange source) implements Instruction {
  public EnvInstruction {
    pairs = List.copyOf(pairs);
  }

  @Override
  public String keyword() {
    return "ENV";
  }
}
