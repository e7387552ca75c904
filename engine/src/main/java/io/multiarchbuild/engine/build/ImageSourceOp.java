package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.export.ImagePuller;
import io.multiarchbuild.engine.export.PlatformImage;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.util.List;

/** FROM image: pulls the platform's manifest, config and layers into the content store (blobs it has are not fetched). */
final class ImageSourceOp implements Op<State> {

  private final Session session;
  private final ImageSource source;

  ImageSourceOp(Session session, ImageSource source) {
    this.session = session;
    this.source = source;
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) {
    if (source.ref().startsWith(ImageSource.LAYOUT_PREFIX)) {
      String pinned = source.ref().substring(ImageSource.LAYOUT_PREFIX.length());
      int at = pinned.lastIndexOf('@');
      PlatformImage image = io.multiarchbuild.engine.export.LayoutImages.load(java.nio.file.Path.of(pinned.substring(0, at)),
          io.multiarchbuild.engine.oci.Digest.parse(pinned.substring(at + 1)), source.platform(), new StoreBlobs(session.cache.blobs()));
      return State.image(image.config(), image.layers());
    }
    PlatformImage image = new ImagePuller(session.registry, null)
        .pull(ImageReference.parse(source.ref()), source.platform(), new StoreBlobs(session.cache.blobs()));
    return State.image(image.config(), image.layers());
  }

  /** FROM scratch: no layers, an empty config for the platform. */
  static Op<State> scratch(io.multiarchbuild.engine.oci.Platform platform) {
    return (ctx, inputs) -> State.image(ImageConfig.empty(platform), List.of());
  }
}
