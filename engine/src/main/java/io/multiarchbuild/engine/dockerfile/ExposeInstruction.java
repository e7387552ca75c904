package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code EXPOSE port[/proto] …}; the format is checked after expansion. */
public record ExposeInstruction(List<String> ports, SourceRange source) implements Instruction {
  public ExposeInstruction {
    ports = List.copyOf(ports);
  }

  @Override
  public String keyword() {
    return "EXPOSE";
  }
}
