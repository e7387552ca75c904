package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;

/** A compression that this machine cannot do or read (e.g. zstd's native library failed to load). */
public final class UnsupportedCompressionException extends UserError {
  private static final long serialVersionUID = 1L;

  public UnsupportedCompressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
