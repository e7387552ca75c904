package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A committed, immutable layer directory: an extracted base layer or a committed RUN's diff.
 *
 * @param key its name under {@code <root>/layers/} (the diff_id hex for extracted layers)
 * @param dir the directory
 * @param style how deletions are recorded in it
 */
public record LayerRef(String key, Path dir, WhiteoutStyle style) {
  public LayerRef {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(style, "style");
  }

  /** This layer's content as layer-tar entries, deletions in OCI form (for {@code LayerWriter}). */
  public List<LayerEntry> entries() throws IOException {
    return DiffWalker.entries(dir, style);
  }
}
