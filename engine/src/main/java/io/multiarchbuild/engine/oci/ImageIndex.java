package io.multiarchbuild.engine.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A multi-platform image: an OCI image index or a Docker manifest list (same shape, different media
 * type). Serialise with {@link ImageJson}.
 *
 * @param schemaVersion always 2
 * @param mediaType {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}
 * @param manifests one descriptor per platform manifest (or attestation), in order
 * @param annotations optional annotations (empty when none)
 */
public record ImageIndex(int schemaVersion, String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {

  public ImageIndex {
    Objects.requireNonNull(mediaType, "mediaType");
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** An OCI index of {@code manifests}. */
  public static ImageIndex of(List<Descriptor> manifests) {
    return new ImageIndex(2, MediaTypes.OCI_INDEX, manifests, Map.of());
  }

  public ImageIndex withAnnotations(Map<String, String> a) {
    return new ImageIndex(schemaVersion, mediaType, manifests, a);
  }
}
