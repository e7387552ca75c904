package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.ResolvedImages;
import io.multiarchbuild.engine.export.ImagePuller;
import io.multiarchbuild.engine.export.LayoutImages;
import io.multiarchbuild.engine.export.PlatformImage;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * FROM image: pulls the platform's manifest, config and layers into the content store (blobs it has
 * are not fetched). Without {@code --pull}, a resolution made in the last minutes
 * ({@link ResolvedImages}) stands in for asking the registry again, so a FROM whose image is in the
 * content store needs no network at all; {@code --pull} always resolves, and refreshes the memo.
 */
final class ImageSourceOp implements Op<State> {

  private final Session session;
  private final ImageSource source;
  private final boolean pull;

  ImageSourceOp(Session session, ImageSource source, boolean pull) {
    this.session = session;
    this.source = source;
    this.pull = pull;
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) throws IOException {
    if (source.ref().startsWith(ImageSource.LAYOUT_PREFIX)) {
      String pinned = source.ref().substring(ImageSource.LAYOUT_PREFIX.length());
      int at = pinned.lastIndexOf('@');
      PlatformImage image = LayoutImages.load(Path.of(pinned.substring(0, at)),
          Digest.parse(pinned.substring(at + 1)), source.platform(), new StoreBlobs(session.cache.blobs()));
      return State.image(image.config(), image.layers());
    }
    ImageReference ref = ImageReference.parse(source.ref());
    ImagePuller puller = new ImagePuller(session.registry, null);
    StoreBlobs blobs = session.pulls;
    ResolvedImages memo = session.cache.resolvedImages();
    String key = ref.toString();
    String platform = source.platform().toString();
    Optional<ResolvedImages.Entry> known = pull ? Optional.empty() : memo.fresh(key, platform);
    if (known.isPresent()) {
      try {
        PlatformImage image = puller.pull(ref, new RawManifest(known.get().manifest(), known.get().mediaType(), null), blobs);
        return State.image(image.config(), image.layers());
      } catch (RuntimeException e) {
        // e.g. a blob swept from the store and gone from the registry: resolve afresh below
      }
    }
    RawManifest manifest = puller.resolve(ref, source.platform());
    memo.put(key, platform, manifest.bytes(), manifest.mediaType());
    PlatformImage image = puller.pull(ref, manifest, blobs);
    return State.image(image.config(), image.layers());
  }

  /** FROM scratch: no layers, an empty config for the platform. */
  static Op<State> scratch(Platform platform) {
    return (ctx, inputs) -> State.image(ImageConfig.empty(platform), List.of());
  }
}
