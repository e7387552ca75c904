package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code COPY}: source paths, here-document sources (files written from their bodies), destination and flags, all unexpanded; {@code from} is literal (null for the build context). */
public record CopyInstruction(List<String> sources, List<Heredoc> heredocSources, String dest, String from, String chown, String chmod, boolean link, boolean parents, List<String> excludes, SourceRange source) implements Instruction {
  public CopyInstruction {
    sources = List.copyOf(sources);
    heredocSources = List.copyOf(heredocSources);
    excludes = List.copyOf(excludes);
  }

  @Override
  public String keyword() {
    return "COPY";
  }
}
