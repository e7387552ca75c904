package io.multiarchbuild.engine.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a manifest, index or layer reference points at.
 *
 * @param mediaType the target's media type
 * @param digest the target's digest
 * @param size the target's size in bytes
 * @param annotations optional annotations (empty when none)
 * @param platform for index entries, the platform of the referenced manifest; otherwise null
 * @param urls optional alternate download locations (empty when none)
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Map<String, String> annotations,
    Platform platform,
    List<String> urls) {

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    urls = urls == null ? List.of() : List.copyOf(urls);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Map.of(), null, List.of());
  }

  /** The descriptor of {@code content}: its sha256 and length. */
  public static Descriptor ofContent(String mediaType, byte[] content) {
    return of(mediaType, Digest.sha256(content), content.length);
  }

  public Descriptor withPlatform(Platform p) {
    return new Descriptor(mediaType, digest, size, annotations, p, urls);
  }

  public Descriptor withAnnotations(Map<String, String> a) {
    return new Descriptor(mediaType, digest, size, a, platform, urls);
  }
}
