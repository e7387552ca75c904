package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One cache record as a remote cache carries it: the solver's cache key of a step and everything
 * needed to rebuild that step's file-system state without running it — the base image config (raw
 * bytes, so its digest is preserved), the layer chain (blob descriptors plus diff_ids) and the history
 * entry of each step since the base.
 *
 * @param key the solver cache key ({@code sha256:...})
 * @param platform the platform the step was built for ({@code linux/arm64}); informational
 * @param description what the step was, for people reading the cache (e.g. {@code RUN make})
 * @param baseConfig the base image config bytes, exactly as stored
 * @param layers the layer chain, bottom first
 * @param history one entry per file-system step since the base
 */
public record CacheEntry(String key, String platform, String description, byte[] baseConfig, List<Layer> layers,
    List<ImageConfig.History> history) {

  public CacheEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(baseConfig, "baseConfig");
    platform = platform == null ? "" : platform;
    description = description == null ? "" : description;
    baseConfig = baseConfig.clone();
    layers = List.copyOf(layers);
    history = List.copyOf(history);
  }

  @Override
  public byte[] baseConfig() {
    return baseConfig.clone();
  }

  public Digest baseConfigDigest() {
    return Digest.sha256(baseConfig);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheEntry e && key.equals(e.key) && platform.equals(e.platform)
        && description.equals(e.description) && Arrays.equals(baseConfig, e.baseConfig)
        && layers.equals(e.layers) && history.equals(e.history);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, platform, layers, history) * 31 + Arrays.hashCode(baseConfig);
  }

  @Override
  public String toString() {
    return "CacheEntry[" + key + " " + platform + " " + description + ", " + layers.size() + " layers]";
  }
}
