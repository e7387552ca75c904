package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Platform;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a build hands to the exporters: one {@link PlatformImage} per requested platform, in the order
 * the platforms were requested (which is the order of the index entries).
 *
 * @param images at least one; no platform twice
 * @param multiPlatform true when several platforms were requested, so that even one image is
 *     wrapped in an index (buildx makes an index only then, or for attestations, which we do not add)
 */
public record ImageResult(List<PlatformImage> images, boolean multiPlatform) {

  public ImageResult {
    images = List.copyOf(images);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("an image result needs at least one platform image");
    }
    Set<Platform> seen = new HashSet<>();
    for (PlatformImage i : images) {
      if (!seen.add(i.platform())) {
        throw new IllegalArgumentException("platform " + i.platform() + " appears twice");
      }
    }
    multiPlatform = multiPlatform || images.size() > 1;
  }

  public static ImageResult of(List<PlatformImage> images) {
    return new ImageResult(images, images.size() > 1);
  }

  public static ImageResult of(PlatformImage image) {
    return new ImageResult(List.of(image), false);
  }
}
