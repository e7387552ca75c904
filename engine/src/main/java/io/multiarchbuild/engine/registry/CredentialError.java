package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.common.UserError;

/** Credentials could not be read: a broken {@code config.json} or a failing credential helper. */
public final class CredentialError extends UserError {
  private static final long serialVersionUID = 1L;

  CredentialError(String message) {
    super(message);
  }

  CredentialError(String message, Throwable cause) {
    super(message, cause);
  }
}
