package io.multiarchbuild.engine.oci;

import java.util.Objects;

/**
 * A written layer.
 *
 * @param blob the compressed blob as a manifest references it (media type, digest, size)
 * @param diffId sha256 of the uncompressed tar, as the image config's {@code rootfs.diff_ids} lists it
 * @param uncompressedSize length of the uncompressed tar
 */
public record Layer(Descriptor blob, Digest diffId, long uncompressedSize) {
  public Layer {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(diffId, "diffId");
  }
}
