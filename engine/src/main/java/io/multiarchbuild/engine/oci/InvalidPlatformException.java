package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;

/** A platform string that is not {@code os/arch[/variant]}. */
public final class InvalidPlatformException extends UserError {
  private static final long serialVersionUID = 1L;

  public InvalidPlatformException(String text) {
    super("invalid platform \"" + text + "\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm/v7");
  }
}
