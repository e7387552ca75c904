package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.common.UserError;

/** A command-line input the CLI can't use (missing file, malformed option value). */
final class InputError extends UserError {
  private static final long serialVersionUID = 1L;

  InputError(String message) {
    super(message);
  }

  InputError(String message, Throwable cause) {
    super(message, cause);
  }
}
