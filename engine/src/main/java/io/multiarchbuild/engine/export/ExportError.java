package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.common.UserError;

/** An output cannot be written as asked: a bad {@code --output} spec, an unsupported combination, a failed write. */
public final class ExportError extends UserError {
  private static final long serialVersionUID = 1L;

  public ExportError(String message) {
    super(message);
  }

  public ExportError(String message, Throwable cause) {
    super(message, cause);
  }
}
