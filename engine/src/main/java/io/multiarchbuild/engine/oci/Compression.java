package io.multiarchbuild.engine.oci;

/** Layer compression, as {@code compression=} of buildx outputs. */
public enum Compression {
  NONE,
  GZIP,
  ZSTD;

  /** The compression a layer media type implies, or null when it is not a layer type we know. */
  public static Compression ofLayerMediaType(String mediaType) {
    return switch (mediaType) {
      case MediaTypes.OCI_LAYER, MediaTypeStyle.DOCKER_LAYER -> NONE;
      case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> GZIP;
      case MediaTypes.OCI_LAYER_ZSTD, MediaTypeStyle.DOCKER_LAYER_ZSTD -> ZSTD;
      default -> null;
    };
  }
}
