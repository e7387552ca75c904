package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.common.UserError;

/** A cache command's flag value is malformed ({@code --keep-storage}, {@code --filter}). */
final class CacheFlagError extends UserError {
  private static final long serialVersionUID = 1L;

  CacheFlagError(String message) {
    super(message);
  }
}
