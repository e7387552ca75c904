package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A content-addressed store of blobs (layers, configs, manifests) that exporters read from and pulls
 * write to. It is an interface so that the solver's content store can back it later; {@link
 * #directory(Path)} is the plain implementation ({@code DIR/sha256/<hex>}, which is also the {@code
 * blobs/} directory of an OCI layout). Implementations must be safe to use from several threads.
 */
public interface Blobs {

  /** Whether the store has the blob. */
  boolean contains(Digest digest);

  /** The blob's file, or empty when it is not stored as a file (or not at all). */
  Optional<Path> path(Digest digest);

  /** The blob's bytes; throws {@link java.nio.file.NoSuchFileException} when it is missing. */
  InputStream open(Digest digest) throws IOException;

  /** The blob's size; throws {@link java.nio.file.NoSuchFileException} when it is missing. */
  long size(Digest digest) throws IOException;

  /**
   * Stores a blob: {@code writer} writes its bytes, which are verified against {@code digest} before
   * the blob becomes visible (nothing is stored on a mismatch or failure). Storing a blob that is
   * already there is allowed and keeps the old copy.
   */
  void add(Digest digest, Writer writer) throws IOException;

  /**
   * Remembers that {@code repository} ({@code registry/repo}) has the blob, so that a later push to
   * another repository of the same registry can mount it instead of uploading it.
   */
  void recordSource(Digest digest, String repository);

  /** A repository known to have the blob, if any (see {@link #recordSource}). */
  Optional<String> knownSource(Digest digest);

  /** Writes a blob's bytes. */
  @FunctionalInterface
  interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A store in {@code dir} (created when missing), blobs at {@code dir/<algorithm>/<hex>}. */
  static Blobs directory(Path dir) {
    return new DirectoryBlobs(dir);
  }
}
