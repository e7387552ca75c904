package io.multiarchbuild.engine.exec;

import io.multiarchbuild.engine.common.GoStrings;
import java.util.List;

/**
 * How a process ended.
 *
 * @param exitCode the process's exit status; 128+N when killed by signal N (as runc reports it)
 * @param runtimeError when the runtime itself failed (for example "exec: "foo": executable file not
 *     found in $PATH"), its message; empty when the process ran
 */
public record ExecResult(int exitCode, String runtimeError) {

  public ExecResult {
    runtimeError = runtimeError == null ? "" : runtimeError;
  }

  public boolean succeeded() {
    return exitCode == 0 && runtimeError.isEmpty();
  }

  /**
   * BuildKit's one-line error for a failed step: {@code process "/bin/sh -c make" did not complete
   * successfully: exit code: 2} (the argv joined by spaces, quoted like Go's {@code %q}); when the
   * runtime failed, its message follows instead of the exit code. The solver adds the step's last
   * log lines.
   */
  public String failureMessage(List<String> args) {
    String what = runtimeError.isEmpty() ? "exit code: " + exitCode : runtimeError;
    return "process " + GoStrings.quote(String.join(" ", args)) + " did not complete successfully: " + what;
  }
}
