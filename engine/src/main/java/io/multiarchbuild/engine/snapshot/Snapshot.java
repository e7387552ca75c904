package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** An active, writable root file system; {@link #close()} releases it unless it was committed. */
public interface Snapshot extends AutoCloseable {

  String id();

  /** The root file system a RUN runs in. */
  Path rootfs();

  /**
   * The changes made under {@link #rootfs()} so far as layer-tar entries (deletions as OCI whiteouts),
   * ready for {@code LayerWriter}. Content is read lazily from the snapshot, so write the layer before
   * {@link #release()}.
   */
  List<LayerEntry> diff() throws IOException;

  /** Ends the snapshot and keeps its changes as an immutable layer usable as a lower of later snapshots. */
  LayerRef commit() throws IOException;

  /** Ends the snapshot and deletes its changes; nothing stays mounted. Does nothing after {@link #commit()}. */
  void release() throws IOException;

  @Override
  default void close() throws IOException {
    release();
  }
}
