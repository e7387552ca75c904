package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;

/**
 * A base or {@code COPY --from} image, by normalised reference, for one platform; or, from an
 * {@code oci-layout://} build context, {@link #LAYOUT_PREFIX}{@code /abs/dir@sha256:…} (pinned to a digest).
 */
public record ImageSource(String ref, Platform platform) implements Op {

  /** Marks a {@link #ref} that names an image in a local OCI layout rather than in a registry. */
  public static final String LAYOUT_PREFIX = "oci-layout://";

  @Override
  public String kind() {
    return "image";
  }

  @Override
  public List<Digest> inputs() {
    return List.of();
  }
}
