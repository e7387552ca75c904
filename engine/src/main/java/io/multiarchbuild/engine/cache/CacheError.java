package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.common.UserError;
import java.nio.file.Path;

/**
 * The cache directory cannot be used as it is (not writable, another format version, not a cache
 * directory), or data arriving for it is not what it claims to be. The message names the directory
 * or digest and what to do.
 */
public final class CacheError extends UserError {
  private static final long serialVersionUID = 1L;

  CacheError(String message) {
    super(message);
  }

  CacheError(String message, Throwable cause) {
    super(message, cause);
  }

  static CacheError noDefaultRoot() {
    return new CacheError("no cache directory: neither XDG_CACHE_HOME nor HOME is set to an absolute directory; "
        + "set one of them or pass --cache-dir");
  }

  static CacheError unusable(Path root, String why) {
    return new CacheError(
        "cache directory " + root + " " + why + "; pass another directory with --cache-dir");
  }
}
