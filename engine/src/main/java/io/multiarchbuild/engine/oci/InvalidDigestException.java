package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;

/** A digest string that is not {@code sha256:<64 hex>} or {@code sha512:<128 hex>}. */
public final class InvalidDigestException extends UserError {
  private static final long serialVersionUID = 1L;

  public InvalidDigestException(String digest, String why) {
    super("invalid digest \"" + digest + "\": " + why);
  }
}
