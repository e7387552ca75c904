package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import java.util.Objects;

/**
 * A manifest or index exactly as the registry stores it: its bytes (which the digest covers, so they
 * are never re-serialised), media type and digest. Parsing into a model is the {@code oci} package's
 * job.
 */
public record RawManifest(byte[] bytes, String mediaType, Digest digest) {

  public RawManifest {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
    bytes = bytes.clone();
    if (digest == null) {
      digest = Digest.sha256(bytes);
    }
  }

  /** Wraps bytes we produced ourselves; the digest is their sha256. */
  public static RawManifest of(byte[] bytes, String mediaType) {
    return new RawManifest(bytes, mediaType, null);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public Descriptor descriptor() {
    return Descriptor.of(mediaType, digest, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawManifest m && m.digest.equals(digest) && m.mediaType.equals(mediaType)
        && java.util.Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "RawManifest[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
  }
}
