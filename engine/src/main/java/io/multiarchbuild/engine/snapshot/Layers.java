package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.LayerExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The store of committed layer directories under {@code <root>/layers/}: base-image layers extracted
 * once (keyed by diff_id, verified against it) and committed snapshots. A layer directory is never
 * modified after it is published (renamed into place), so any number of snapshots may stack it.
 */
public final class Layers {

  private final Path dir;
  private final WhiteoutStyle style;

  Layers(Path root, WhiteoutStyle style) throws IOException {
    this.dir = Files.createDirectories(root.resolve("layers"));
    this.style = Objects.requireNonNull(style, "style");
  }

  /** How this store's directories record deletions. */
  public WhiteoutStyle style() {
    return style;
  }

  /** The extracted layer with this diff_id, when it is already in the store. */
  public Optional<LayerRef> find(Digest diffId) {
    Path d = dir.resolve(keyOf(diffId));
    return Files.isDirectory(d) ? Optional.of(new LayerRef(keyOf(diffId), d, style)) : Optional.empty();
  }

  /**
   * The layer with this diff_id, extracted from {@code compressedBlob} (gzip, zstd or plain tar) unless
   * it is already in the store. The blob's uncompressed tar must hash to {@code diffId}; whiteouts are
   * written in this store's {@link #style()} so the directory can serve as a lower layer as it is.
   */
  public LayerRef extractLayer(Digest diffId, InputStream compressedBlob) throws IOException {
    Optional<LayerRef> have = find(diffId);
    if (have.isPresent()) {
      return have.get();
    }
    Path tmp = Files.createDirectory(dir.resolve(".tmp-" + UUID.randomUUID()));
    try {
      List<String> whiteouts;
      Digest actual;
      try (WhiteoutTee tee = WhiteoutTee.start(compressedBlob)) {
        new LayerExtractor().extract(tee.stream(), tmp);
        tee.finish();
        whiteouts = tee.whiteouts();
        actual = tee.diffId();
      }
      if (!actual.equals(diffId)) {
        throw new SnapshotError(
            "layer " + diffId + " is corrupt: its uncompressed content hashes to " + actual
                + "; delete the cached blob and pull the image again");
      }
      Whiteouts.write(tmp, whiteouts, style);
      return publish(keyOf(diffId), tmp);
    } finally {
      if (Files.exists(tmp)) {
        Trees.delete(tmp);
      }
    }
  }

  /** Moves a finished directory into the store as {@code key}; if another writer won, keeps theirs. */
  LayerRef publish(String key, Path finished) throws IOException {
    Path target = dir.resolve(key);
    try {
      Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      Trees.delete(finished); // the same content was published concurrently
    } catch (AtomicMoveNotSupportedException e) {
      throw new SnapshotError("cannot move " + finished + " into " + dir + ": they are on different file systems");
    } catch (java.nio.file.FileSystemException e) {
      // rename(2) onto a non-empty directory fails with ENOTEMPTY, which the JDK reports as a plain
      // FileSystemException: the same content was published concurrently (two platforms, one layer).
      if (!Files.isDirectory(target)) {
        throw e;
      }
      Trees.delete(finished);
    }
    return new LayerRef(key, target, style);
  }

  Path dir() {
    return dir;
  }

  static String keyOf(Digest diffId) {
    return diffId.algorithm() + "-" + diffId.hex();
  }
}
