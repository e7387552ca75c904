package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;

/** A base or {@code COPY --from} image, by normalised reference, for one platform. */
public record ImageSource(String ref, Platform platform) implements Op {
  @Override
  public String kind() {
    return "image";
  }

  @Override
  public List<Digest> inputs() {
    return List.of();
  }
}
