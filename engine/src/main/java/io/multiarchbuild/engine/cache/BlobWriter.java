package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.oci.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;

/**
 * Streams one new blob into {@code tmp/}, hashing (sha256) while writing. {@link #commit} publishes
 * it under its digest; {@link #close()} without a commit discards it. Not thread-safe.
 */
public final class BlobWriter extends OutputStream {

  private final Path staging;
  private final Path sha256Dir;
  private final FileChannel channel;
  private final OutputStream out;
  private final MessageDigest hasher = Digest.newSha256();
  private long size;
  private boolean finished;

  BlobWriter(Path staging, Path sha256Dir) throws IOException {
    this.staging = staging;
    this.sha256Dir = sha256Dir;
    this.channel = FileChannel.open(staging, StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
  }

  @Override
  public void write(int b) throws IOException {
    checkOpen();
    out.write(b);
    hasher.update((byte) b);
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkOpen();
    out.write(b, off, len);
    hasher.update(b, off, len);
    size += len;
  }

  /** Bytes written so far. */
  public long size() {
    return size;
  }

  /**
   * Finishes the blob: checks it against {@code expected} (null: accept whatever was written), makes
   * it durable and renames it into the store. If another writer committed the same digest first,
   * that copy stays and this one is discarded; either way the blob is in the store afterwards.
   *
   * @throws CacheError if the content does not match {@code expected} (nothing is stored)
   */
  public Digest commit(Digest expected) throws IOException {
    checkOpen();
    finished = true;
    Digest actual;
    try {
      out.flush();
      // Durable before visible: after a crash a published name must never point at a short file.
      channel.force(false);
      out.close();
      actual = Digest.ofSha256(hasher.digest());
      if (expected != null && !expected.equals(actual)) {
        throw new CacheError(
            "content for "
                + expected
                + " has digest "
                + actual
                + " ("
                + size
                + " bytes); the source sent different data than it announced");
      }
      Path target = sha256Dir.resolve(actual.hex());
      if (!Files.exists(target)) {
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("r--r--r--"));
        try {
          // rename(2): atomic, and if a concurrent writer won the race, its identical file is
          // simply replaced; readers see one complete file or the other.
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          throw new IllegalStateException("tmp/ and blobs/ must be on one file system", e);
        }
      }
      return actual;
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  /** Discards the blob unless it was committed. */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try {
      out.close();
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("blob writer already committed or closed");
    }
  }
}
