package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;
import java.util.Objects;

/**
 * One blob for {@link RegistryClient#blobPutAll}.
 *
 * @param digest the blob's digest (the registry verifies it)
 * @param source its bytes
 * @param mountFrom a repository on the same registry that may already have it, or null
 */
public record BlobUpload(Digest digest, BlobSource source, String mountFrom) {
  public BlobUpload {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(source, "source");
  }
}
