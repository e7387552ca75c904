package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.common.UserError;

/** Importing or exporting a remote cache failed (unreachable registry, unreadable directory, bad format). */
public final class RemoteCacheError extends UserError {
  private static final long serialVersionUID = 1L;

  RemoteCacheError(String message) {
    super(message);
  }

  RemoteCacheError(String message, Throwable cause) {
    super(message, cause);
  }
}
