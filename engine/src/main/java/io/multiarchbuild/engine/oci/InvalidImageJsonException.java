package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;

/** A manifest, index or image config whose JSON is malformed or misses a required field. */
public final class InvalidImageJsonException extends UserError {
  private static final long serialVersionUID = 1L;

  public InvalidImageJsonException(String what, String why) {
    super("invalid " + what + ": " + why);
  }
}
