package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.ResolvedImages;
import io.multiarchbuild.engine.export.ImagePuller;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import java.io.IOException;
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
 */
final class FromResolver {

  private final Session session;
  private final boolean pull;
  private final Map<String, RawManifest> resolved = new ConcurrentHashMap<>();

  FromResolver(Session session, boolean pull) {
    this.session = session;
    this.pull = pull;
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
          session.cache.resolvedImages().fresh(ImageReference.parse(source.ref()).toString(), source.platform().toString());
      if (known.isPresent()) {
        return new RawManifest(known.get().manifest(), known.get().mediaType(), null);
      }
    }
    return ask(source);
  }

  private RawManifest ask(ImageSource source) {
    ImageReference ref = ImageReference.parse(source.ref());
    RawManifest manifest = new ImagePuller(session.registry, null).resolve(ref, source.platform());
    try {
      session.cache.resolvedImages().put(ref.toString(), source.platform().toString(), manifest.bytes(),
          manifest.mediaType());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remember the resolution of " + ref, e);
    }
    return manifest;
  }
}
