package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.List;

/** {@code FROM scratch}: the empty file system. */
public record ScratchSource() implements Op {
  @Override
  public String kind() {
    return "scratch";
  }

  @Override
  public List<Digest> inputs() {
    return List.of();
  }
}
