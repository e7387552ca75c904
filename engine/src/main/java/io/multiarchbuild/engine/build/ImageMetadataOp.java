package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.util.List;

/**
 * BuildKit's {@code [internal] load metadata for REF}: resolves a FROM image's manifest for the
 * platform before the stage pulls it, so a wrong tag or a missing platform fails early and under the
 * name users know from buildx. Its result carries nothing; the FROM vertex depends on it for order.
 * Cached like the FROM itself (by reference and platform; {@code --pull} bypasses both).
 */
final class ImageMetadataOp implements Op<State> {

  private final ImageSource source;
  private final FromResolver resolver;

  ImageMetadataOp(ImageSource source, FromResolver resolver) {
    this.source = source;
    this.resolver = resolver;
  }

  /** The vertex name: {@code [internal] load metadata for REF}, with the platform when the build has several. */
  static String name(ImageSource source, boolean showPlatform) {
    return "[" + (showPlatform ? source.platform() + " " : "") + "internal] load metadata for " + source.ref();
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) {
    if (source.ref().startsWith(ImageSource.LAYOUT_PREFIX)) {
      return State.image(ImageConfig.empty(source.platform()), List.of()); // pinned before the build started
    }
    // the build's one resolution of this image (shared with the FROM step and its cache key): a wrong
    // tag or a missing platform fails here, under this vertex's name
    resolver.manifest(source);
    return State.image(ImageConfig.empty(source.platform()), List.of());
  }
}
