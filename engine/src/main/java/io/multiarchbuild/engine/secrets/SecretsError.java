package io.multiarchbuild.engine.secrets;

import io.multiarchbuild.engine.common.UserError;

/** A bad {@code --secret}/{@code --ssh} value, a missing secret or key, an unreadable key file. */
public final class SecretsError extends UserError {
  private static final long serialVersionUID = 1L;

  SecretsError(String message) {
    super(message);
  }

  SecretsError(String message, Throwable cause) {
    super(message, cause);
  }
}
