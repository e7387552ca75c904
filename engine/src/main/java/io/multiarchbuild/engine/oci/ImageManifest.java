package io.multiarchbuild.engine.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A single-platform image manifest: OCI or Docker schema 2 (same shape, different media types).
 * Serialise with {@link ImageJson}.
 *
 * @param schemaVersion always 2
 * @param mediaType {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
 * @param config the image configuration blob
 * @param layers the layer blobs, base first
 * @param annotations optional annotations (empty when none)
 * @param subject for referrers (attestations, signatures), the manifest this one is about; else null
 */
public record ImageManifest(
    int schemaVersion,
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations,
    Descriptor subject) {

  public ImageManifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** An OCI manifest of {@code config} and {@code layers}, without annotations or subject. */
  public static ImageManifest of(Descriptor config, List<Descriptor> layers) {
    return new ImageManifest(2, MediaTypes.OCI_MANIFEST, config, layers, Map.of(), null);
  }

  public ImageManifest withAnnotations(Map<String, String> a) {
    return new ImageManifest(schemaVersion, mediaType, config, layers, a, subject);
  }
}
