package io.multiarchbuild.engine.dockerfile;

/**
 * One typed, validated Dockerfile instruction. Values are as written: variable expansion happens
 * later, per platform, because automatic arguments such as {@code TARGETARCH} differ between
 * platforms.
 */
public sealed interface Instruction
    permits FromInstruction,
        RunInstruction,
        CopyInstruction,
        AddInstruction,
        EnvInstruction,
        ArgInstruction,
        LabelInstruction,
        ExposeInstruction,
        VolumeInstruction,
        UserInstruction,
        WorkdirInstruction,
        CmdInstruction,
        EntrypointInstruction,
        ShellInstruction,
        StopSignalInstruction,
        HealthcheckInstruction,
        OnbuildInstruction,
        MaintainerInstruction {

  SourceRange source();

  /** The instruction keyword in upper case, as BuildKit names vertices ({@code RUN}, {@code COPY}). */
  String keyword();

  /** First line of the instruction, for messages. */
  default int line() {
    return source().startLine();
  }
}
