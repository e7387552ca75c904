package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/** {@code RUN}: command, here-documents, raw {@code --mount} values (see {@link RunMount#parse}), {@code --network}, {@code --security} (null when not given) and labs {@code --device} values. */
public record RunInstruction(CommandLine command, List<Heredoc> heredocs, List<String> mounts, String network, String security, List<String> devices, SourceRange source) implements Instruction {
  public RunInstruction {
    heredocs = List.copyOf(heredocs);
    mounts = List.copyOf(mounts);
    devices = List.copyOf(devices);
  }

  @Override
  public String keyword() {
    return "RUN";
  }
}
