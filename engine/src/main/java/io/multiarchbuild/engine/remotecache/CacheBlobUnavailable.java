package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;

/**
 * A blob that an imported cache record names could not be fetched intact (gone, or its bytes do not
 * match its digest). Not a user error: the build treats the records that need the blob as misses
 * and runs their steps again.
 */
public final class CacheBlobUnavailable extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Digest digest;

  CacheBlobUnavailable(Digest digest, String message, Throwable cause) {
    super(message, cause);
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
