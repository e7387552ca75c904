package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.common.UserError;

/** A snapshot could not be set up or torn down (mount refused, too many layers, a corrupt layer). */
public final class SnapshotError extends UserError {
  private static final long serialVersionUID = 1L;

  public SnapshotError(String message) {
    super(message);
  }

  public SnapshotError(String message, Throwable cause) {
    super(message, cause);
  }
}
