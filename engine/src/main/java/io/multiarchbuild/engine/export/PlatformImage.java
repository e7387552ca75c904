package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;
import java.util.Objects;

/**
 * One platform's image as the build (or a pull) produced it: its config and its layers, base first.
 * The layers' blobs live in a {@link Blobs} store; the config's {@code diff_ids} must list the layers'
 * diff ids in the same order.
 */
public record PlatformImage(Platform platform, ImageConfig config, List<Layer> layers) {

  public PlatformImage {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    if (config.diffIds().size() != layers.size()) {
      throw new IllegalArgumentException(
          "config lists " + config.diffIds().size() + " diff_ids for " + layers.size() + " layers");
    }
    for (int i = 0; i < layers.size(); i++) {
      if (!layers.get(i).diffId().equals(config.diffIds().get(i))) {
        throw new IllegalArgumentException("layer " + i + " diff_id " + layers.get(i).diffId()
            + " differs from the config's " + config.diffIds().get(i));
      }
    }
  }
}
