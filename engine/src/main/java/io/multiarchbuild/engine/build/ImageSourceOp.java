package io.multiarchbuild.engine.build;

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

/**
 * FROM image: pulls the platform's manifest, config and layers into the content store (blobs it has
 * are not fetched). The manifest is the build's own resolution ({@link FromResolver}: a resolution
 * made in the last minutes stands in for asking the registry again unless {@code --pull}), the same
 * one whose digest is in this step's cache key.
 */
final class ImageSourceOp implements Op<State> {

  private final Session session;
  private final ImageSource source;
  private final boolean pull;
  private final FromResolver resolver;

  ImageSourceOp(Session session, ImageSource source, boolean pull, FromResolver resolver) {
    this.session = session;
    this.source = source;
    this.pull = pull;
    this.resolver = resolver;
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
    try {
      PlatformImage image = puller.pull(ref, resolver.manifest(source), session.pulls);
      return State.image(image.config(), image.layers());
    } catch (RuntimeException e) {
      if (pull) {
        throw e; // resolved by the registry just now: nothing better to try
      }
      // e.g. a remembered manifest whose blobs were swept from the store and the registry
    }
    PlatformImage image = puller.pull(ref, resolver.refresh(source), session.pulls);
    return State.image(image.config(), image.layers());
  }

  /**
   * FROM scratch (and FROM a local build context): no layers and BuildKit's config of an empty image,
   * which has the default PATH and the working directory {@code /}, so the built image has them too.
   */
  static Op<State> scratch(Platform platform) {
    ImageConfig.Config c = ImageConfig.Config.EMPTY;
    ImageConfig.Config config = new ImageConfig.Config(c.user(), c.exposedPorts(), List.of(ExecOp.DEFAULT_PATH), c.entrypoint(), c.cmd(),
        c.volumes(), "/", c.labels(), c.stopSignal(), c.argsEscaped(), c.healthcheck(), c.onBuild(), c.shell(), c.extra());
    return (ctx, inputs) -> State.image(ImageConfig.empty(platform).withConfig(config), List.of());
  }
}
