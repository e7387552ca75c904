package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.ResolvedImages;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.BaseConfig;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.registry.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base image configs for {@code plan}, which asks no registry: what the local build cache remembers
 * from the last build that resolved the image (its platform manifest, however old, and the config
 * blob). A build resolves the tag again and may see a newer image, so a plan from the cache is only
 * as current as that build; an image the cache does not know is planned as if it had no config
 * (relative paths from {@code /}), and {@link #lookups()} says which.
 */
final class CachedBaseConfigs implements BaseConfig.Lookup {

  /** One base image the planner asked about, and whether its config came from the cache. */
  record Looked(String ref, String platform, boolean known) {}

  private final Optional<CacheDir> cache;
  private final Map<String, Looked> lookups = new ConcurrentHashMap<>();

  CachedBaseConfigs(Optional<CacheDir> cache) {
    this.cache = cache;
  }

  @Override
  public BaseConfig config(String ref, Platform platform) {
    BaseConfig found = find(ref, platform).orElse(null);
    lookups.putIfAbsent(ref + "|" + platform, new Looked(ref, platform.toString(), found != null));
    return found;
  }

  private Optional<BaseConfig> find(String ref, Platform platform) {
    if (cache.isEmpty() || ref.startsWith(ImageSource.LAYOUT_PREFIX)) {
      return Optional.empty();
    }
    try {
      ResolvedImages resolved = cache.get().resolvedImages();
      Optional<ResolvedImages.Entry> entry = resolved.remembered(ImageReference.parse(ref).toString(), platform.toString());
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      Digest digest = ImageJson.readManifest(entry.get().manifest()).config().digest();
      if (!cache.get().blobs().has(digest)) {
        return Optional.empty();
      }
      try (InputStream in = cache.get().blobs().open(digest)) {
        ImageConfig.Config c = ImageJson.readConfig(in.readAllBytes()).config();
        return Optional.of(new BaseConfig(c.workingDir(), c.env(), c.user(), c.shell(), c.onBuild()));
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or not an image manifest: plan without it
    }
  }

  /** The base images asked about, in a stable order. */
  List<Looked> lookups() {
    List<Looked> out = new ArrayList<>(lookups.values());
    out.sort(java.util.Comparator.comparing(Looked::ref).thenComparing(Looked::platform));
    return out;
  }
}
