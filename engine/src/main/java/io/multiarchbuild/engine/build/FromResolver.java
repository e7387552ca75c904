package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.ResolvedImages;
import io.multiarchbuild.engine.export.ImagePuller;
import io.multiarchbuild.engine.export.LayoutImages;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.BaseConfig;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves each FROM image to its platform manifest once per build. BuildKit re-resolves a tag on
 * every build, so a base image re-pushed under the same tag (a security update) reaches the next
 * build; we do the same, through the short-lived {@link ResolvedImages} memo unless {@code --pull}.
 * The manifest digest becomes part of the FROM step's cache key, so every step built on a moved tag
 * runs again instead of being answered from the cache of the old base.
 *
 * <p>The planner asks it for each base image's config ({@link #baseConfig}) before the solve, as
 * BuildKit resolves image configs while converting the Dockerfile; the FROM step then pulls the very
 * manifest whose config the plan was made from.
 */
final class FromResolver {

  private final CacheDir cache;
  private final RegistryClient registry;
  private final boolean pull;
  private final Map<String, RawManifest> resolved = new ConcurrentHashMap<>();
  /** Resolutions that failed while planning: the metadata vertex reports them under its own name. */
  private final Map<String, RuntimeException> failed = new ConcurrentHashMap<>();

  FromResolver(CacheDir cache, RegistryClient registry, boolean pull) {
    this.cache = cache;
    this.registry = registry;
    this.pull = pull;
  }

  /**
   * For the planner: the config of {@code ref} for {@code platform}, or null when it can't be resolved
   * (the build then fails in the image's {@code load metadata} step with the registry's error).
   */
  BaseConfig baseConfig(String ref, Platform platform) {
    ImageSource source = new ImageSource(ref, platform);
    try {
      ImageConfig.Config c = config(source).config();
      return new BaseConfig(c.workingDir(), c.env(), c.user(), c.shell(), c.onBuild());
    } catch (RuntimeException e) {
      failed.putIfAbsent(source.ref() + "|" + source.platform(), e);
      return null;
    }
  }

  private ImageConfig config(ImageSource source) {
    try {
      if (source.ref().startsWith(ImageSource.LAYOUT_PREFIX)) {
        String pinned = source.ref().substring(ImageSource.LAYOUT_PREFIX.length());
        int at = pinned.lastIndexOf('@');
        return LayoutImages.load(Path.of(pinned.substring(0, at)), Digest.parse(pinned.substring(at + 1)), source.platform(),
            new StoreBlobs(cache.blobs())).config();
      }
      Digest digest = ImageJson.readManifest(manifest(source).bytes()).config().digest();
      if (!cache.blobs().has(digest)) {
        // fetched now rather than with the layers: the pull finds it in the store
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.blobGet(ImageReference.parse(source.ref()), digest, out, TransferListener.NONE);
        cache.blobs().put(out.toByteArray());
      }
      try (InputStream in = cache.blobs().open(digest)) {
        return ImageJson.readConfig(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the config of " + source.ref() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The manifest digest of {@code source} for the cache key, or empty when it cannot be resolved now
   * (the FROM step itself then reports the registry's error under its own name) or is pinned anyway
   * (an OCI layout context is resolved to a digest before the build).
   */
  Optional<String> keyPart(ImageSource source) {
    if (source.ref().startsWith(ImageSource.LAYOUT_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.sha256(manifest(source).bytes()).toString());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The platform manifest: this build's resolution, else the memo (without --pull), else the registry. */
  RawManifest manifest(ImageSource source) {
    RuntimeException failure = failed.get(source.ref() + "|" + source.platform());
    if (failure != null) {
      throw failure;
    }
    return resolved.computeIfAbsent(source.ref() + "|" + source.platform(), k -> lookUp(source));
  }

  /** Forgets this build's resolution and asks the registry (e.g. a remembered blob is gone). */
  RawManifest refresh(ImageSource source) {
    RawManifest fresh = ask(source);
    resolved.put(source.ref() + "|" + source.platform(), fresh);
    return fresh;
  }

  private RawManifest lookUp(ImageSource source) {
    if (!pull) {
      Optional<ResolvedImages.Entry> known =
          cache.resolvedImages().fresh(ImageReference.parse(source.ref()).toString(), source.platform().toString());
      if (known.isPresent()) {
        return new RawManifest(known.get().manifest(), known.get().mediaType(), null);
      }
    }
    return ask(source);
  }

  private RawManifest ask(ImageSource source) {
    ImageReference ref = ImageReference.parse(source.ref());
    RawManifest manifest = new ImagePuller(registry, null).resolve(ref, source.platform());
    try {
      cache.resolvedImages().put(ref.toString(), source.platform().toString(), manifest.bytes(),
          manifest.mediaType());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remember the resolution of " + ref, e);
    }
    return manifest;
  }
}
