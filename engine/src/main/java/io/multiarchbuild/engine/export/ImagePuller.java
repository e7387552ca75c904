package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.ImageManifest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.oci.PlatformMatcher;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pulls one platform of an image into a {@link Blobs} store, as {@code FROM} needs it: index →
 * the best manifest for the platform ({@link PlatformMatcher}; the error lists what the index has) →
 * config and layers, each fetched only when the store lacks it, several at once.
 */
public final class ImagePuller {

  private final RegistryClient client;
  private final TransferListener listener;
  private final int parallelism;

  public ImagePuller(RegistryClient client, TransferListener listener) {
    this(client, listener, ParallelBlobs.DEFAULT_PARALLELISM);
  }

  public ImagePuller(RegistryClient client, TransferListener listener, int parallelism) {
    this.client = Objects.requireNonNull(client, "client");
    this.listener = listener == null ? TransferListener.NONE : listener;
    this.parallelism = parallelism;
  }

  /**
   * The image {@code ref} names for {@code platform}, its blobs stored in {@code target} (and noted
   * there as present in {@code ref}'s repository, for cross-repository mounts on push). Pulled layers'
   * {@code uncompressedSize} is -1: the registry does not say it and nothing here needs it.
   */
  public PlatformImage pull(ImageReference ref, Platform platform, Blobs target) {
    return pull(ref, resolve(ref, platform), target);
  }

  /**
   * The manifest {@code ref} names for {@code platform}: the manifest itself, or the one an index
   * lists for the platform. Two registry round trips at most; nothing is stored.
   */
  public RawManifest resolve(ImageReference ref, Platform platform) {
    RawManifest top = client.manifestGet(ref);
    RawManifest manifest = top;
    if (MediaTypes.isIndex(top.mediaType())) {
      Descriptor chosen = PlatformMatcher.only(platform).select(ImageJson.readIndex(top.bytes()), ref.toString());
      manifest = client.manifestGet(ref.withDigest(chosen.digest()));
    }
    return manifest;
  }

  /**
   * The image of an already resolved platform {@code manifest} of {@code ref}: its config and layers
   * stored in {@code target}, fetched from {@code ref}'s repository only when missing there.
   */
  public PlatformImage pull(ImageReference ref, RawManifest manifest, Blobs target) {
    if (!MediaTypes.isManifest(manifest.mediaType())) {
      throw new ExportError(ref + " is a " + manifest.mediaType() + ", not an image manifest or index");
    }
    ImageManifest m = ImageJson.readManifest(manifest.bytes());
    List<Descriptor> blobs = new ArrayList<>();
    blobs.add(m.config());
    blobs.addAll(m.layers());
    ParallelBlobs.fetch(blobs, target, parallelism,
        (d, out) -> client.blobGet(ref, d.digest(), out, listener), true);
    for (Descriptor d : blobs) {
      target.recordSource(d.digest(), ref.context());
    }
    ImageConfig config;
    try (var in = target.open(m.config().digest())) {
      config = ImageJson.readConfig(in.readAllBytes());
    } catch (IOException e) {
      throw new ExportError("cannot read the config of " + ref + " from the blob store: " + e.getMessage(), e);
    }
    if (config.diffIds().size() != m.layers().size()) {
      throw new ExportError(ref + ": its config lists " + config.diffIds().size() + " layers but its manifest "
          + m.layers().size());
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < m.layers().size(); i++) {
      layers.add(new Layer(m.layers().get(i), config.diffIds().get(i), -1));
    }
    return new PlatformImage(config.platform(), config, layers);
  }
}
