package io.multiarchbuild.engine.progress;

import io.multiarchbuild.engine.common.UserError;

/** {@code --progress} (or {@code BUILDKIT_PROGRESS}) named a mode that does not exist. */
public final class InvalidProgressModeException extends UserError {
  private static final long serialVersionUID = 1L;

  public InvalidProgressModeException(String mode) {
    super("invalid progress mode \"" + mode + "\": use one of " + String.join(", ", Renderers.MODES));
  }
}
