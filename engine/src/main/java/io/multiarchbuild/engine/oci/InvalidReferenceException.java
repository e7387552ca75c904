package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;

/** An image reference that does not follow the distribution reference grammar. */
public final class InvalidReferenceException extends UserError {
  private static final long serialVersionUID = 1L;

  private final String reference;

  InvalidReferenceException(String reference, String why) {
    super("invalid image reference \"" + reference + "\": " + why);
    this.reference = reference;
  }

  /** The rejected text, as the user wrote it. */
  public String reference() {
    return reference;
  }
}
