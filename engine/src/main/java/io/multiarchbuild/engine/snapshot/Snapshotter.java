package io.multiarchbuild.engine.snapshot;

import java.io.IOException;
import java.util.List;

/**
 * Makes root file systems for build steps out of committed layer directories. Get one from {@link
 * Snapshotters#detect}. All directories live under one root directory (the cache), which must be on
 * one file system so committing is a rename.
 */
public interface Snapshotter {

  /** {@code "overlay"} or {@code "copy"}. */
  String kind();

  /** The store of layer directories this snapshotter stacks; extract base layers through it. */
  Layers layers();

  /**
   * A new active snapshot: {@code lowers} (bottom layer first, as an image config's diff_ids; empty for
   * {@code FROM scratch}) visible at {@link Snapshot#rootfs()}, writable, with every change recorded
   * as the snapshot's diff.
   *
   * @param id unique among active snapshots and committed layers; letters, digits, {@code . _ -}
   * @throws SnapshotError when the root file system cannot be made (mount refused, too many layers)
   */
  Snapshot prepare(String id, List<LayerRef> lowers) throws IOException;
}
