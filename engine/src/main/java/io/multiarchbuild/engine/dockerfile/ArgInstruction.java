package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code ARG name[=default] …}. */
public record ArgInstruction(List<ArgDeclaration> declarations, SourceRange source) implements Instruction {
  public ArgInstruction {
    declarations = List.copyOf(declarations);
  }

  @Override
  public String keyword() {
    return "ARG";
  }
}
