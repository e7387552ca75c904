package io.multiarchbuild.engine.registry;

import java.io.IOException;

/** A response body delivered no bytes for longer than the read timeout. */
final class StallTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  StallTimeoutException(String message) {
    super(message);
  }
}
