package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.common.UserError;

/** A {@code --cache-to} / {@code --cache-from} value is malformed or names something unsupported. */
public final class CacheSpecError extends UserError {
  private static final long serialVersionUID = 1L;

  CacheSpecError(String message) {
    super(message);
  }
}
