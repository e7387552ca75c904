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
    PlatformImage image = new ImagePuller(session.registry, null)
        .pull(ImageReference.parse(source.ref()), source.platform(), session.pulls);
    return State.image(image.config(), image.layers());
  }

  /** FROM scratch: no layers, an empty config for the platform. */
  static Op<State> scratch(io.multiarchbuild.engine.oci.Platform platform) {
    return (ctx, inputs) -> State.image(ImageConfig.empty(platform), List.of());
  }
}
