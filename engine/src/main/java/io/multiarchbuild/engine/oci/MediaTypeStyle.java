package io.multiarchbuild.engine.oci;

import java.util.ArrayList;
import java.util.List;

/**
 * Which family of media types an output uses: OCI (the default, as buildx) or Docker schema 2 (buildx
 * {@code oci-mediatypes=false}, for registries and tools that only know Docker's). The JSON shapes are
 * the same; only the media type strings change, and converting never touches blob bytes.
 */
public enum MediaTypeStyle {
  OCI,
  DOCKER;

  /** BuildKit's name for a zstd layer in Docker style; Docker itself registers none. */
  static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";

  static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";

  /** The index / manifest list media type. */
  public String indexType() {
    return this == OCI ? MediaTypes.OCI_INDEX : MediaTypes.DOCKER_MANIFEST_LIST;
  }

  /** The image manifest media type. */
  public String manifestType() {
    return this == OCI ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
  }

  /** The image config media type. */
  public String configType() {
    return this == OCI ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG;
  }

  /** The layer media type for a compression. */
  public String layerType(Compression compression) {
    return switch (compression) {
      case NONE -> this == OCI ? MediaTypes.OCI_LAYER : DOCKER_LAYER;
      case GZIP -> this == OCI ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.DOCKER_LAYER_GZIP;
      case ZSTD -> this == OCI ? MediaTypes.OCI_LAYER_ZSTD : DOCKER_LAYER_ZSTD;
    };
  }

  /**
   * Maps any known media type to this style's equivalent; unknown types (attestations, foreign
   * layers, artifacts) are returned unchanged.
   */
  public String convert(String mediaType) {
    if (MediaTypes.isIndex(mediaType)) {
      return indexType();
    }
    if (MediaTypes.isManifest(mediaType)) {
      return manifestType();
    }
    if (MediaTypes.OCI_CONFIG.equals(mediaType) || MediaTypes.DOCKER_CONFIG.equals(mediaType)) {
      return configType();
    }
    Compression c = Compression.ofLayerMediaType(mediaType);
    return c == null ? mediaType : layerType(c);
  }

  /** {@code manifest} with its own, its config's and its layers' media types in this style. */
  public ImageManifest convert(ImageManifest manifest) {
    List<Descriptor> layers = new ArrayList<>();
    for (Descriptor l : manifest.layers()) {
      layers.add(retype(l));
    }
    return new ImageManifest(
        manifest.schemaVersion(),
        manifestType(),
        retype(manifest.config()),
        layers,
        manifest.annotations(),
        manifest.subject());
  }

  /**
   * {@code index} with its own and its entries' media types in this style. The entries' digests are
   * kept, so the caller must convert (and re-push) the referenced manifests too.
   */
  public ImageIndex convert(ImageIndex index) {
    List<Descriptor> manifests = new ArrayList<>();
    for (Descriptor m : index.manifests()) {
      manifests.add(retype(m));
    }
    return new ImageIndex(index.schemaVersion(), indexType(), manifests, index.annotations());
  }

  private Descriptor retype(Descriptor d) {
    return new Descriptor(convert(d.mediaType()), d.digest(), d.size(), d.annotations(), d.platform(), d.urls());
  }
}
