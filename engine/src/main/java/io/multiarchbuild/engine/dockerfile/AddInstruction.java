package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code ADD}: like COPY plus {@code --checksum}, {@code --keep-git-dir} and {@code --unpack} (null = detect by content for local archives, off for URLs). */
public record AddInstruction(List<String> sources, List<Heredoc> heredocSources, String dest, String chown, String chmod, boolean link, List<String> excludes, String checksum, boolean keepGitDir, Boolean unpack, SourceRange source) implements Instruction {
  public AddInstruction {
    sources = List.copyOf(sources);
    heredocSources = List.copyOf(heredocSources);
    excludes = List.copyOf(excludes);
  }

  @Override
  public String keyword() {
    return "ADD";
  }
}
