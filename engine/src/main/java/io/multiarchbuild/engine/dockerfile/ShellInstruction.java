package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code SHELL ["executable", "params"]}. */
public record ShellInstruction(List<String> shell, SourceRange source) implements Instruction {
  public ShellInstruction {
    shell = List.copyOf(shell);
  }

  @Override
  public String keyword() {
    return "SHELL";
  }
}
