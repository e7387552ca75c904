package io.multiarchbuild.engine.exec;

import io.multiarchbuild.engine.common.UserError;

/**
 * A RUN step that cannot be executed on this machine as asked: an unknown USER, no runtime, no
 * emulation for a foreign platform, a working directory that escapes or is not a directory.
 */
public final class ExecError extends UserError {
  private static final long serialVersionUID = 1L;

  public ExecError(String message) {
    super(message);
  }

  public ExecError(String message, Throwable cause) {
    super(message, cause);
  }
}
