package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.List;

/**
 * {@code WORKDIR}: creates the directory (with parents, mode 0755, owned by the stage's USER at that
 * point) in the file system, as BuildKit does with a file op, so the directory exists in the image
 * even when nothing is written to it. The config change itself is in the stage's {@link ImageConfig}.
 */
public record MakeDir(Digest input, String path, String user) implements Op {
  @Override
  public String kind() {
    return "mkdir";
  }

  @Override
  public List<Digest> inputs() {
    return List.of(input);
  }
}
