package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Blobs by digest under {@code blobs/<algorithm>/<hex>}. A blob appears there only complete and
 * verified: it is written to {@code tmp/}, hashed while written, flushed to disk and then renamed into
 * place, so readers never see a partial blob, and a crash leaves at most a stray file in {@code tmp/}
 * (removed when the cache is next opened with nobody else using it).
 */
public final class ContentStore {

  private final Path blobs;
  private final Path tmp;

  ContentStore(Path blobs, Path tmp) {
    this.blobs = blobs;
    this.tmp = tmp;
  }

  public boolean has(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  /**
   * Where the blob is (or would be). Read-only use: blobs are shared by every record that names
   * them, and the files are made read-only to catch accidental writes.
   */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** A writer that streams a new blob into staging; {@link BlobWriter#commit} publishes it. */
  public BlobWriter writer() throws IOException {
    return new BlobWriter(Files.createTempFile(tmp, "blob-", ".part"), blobs.resolve("sha256"));
  }

  /** Stores {@code data} and returns its sha256 digest. */
  public Digest put(byte[] data) throws IOException {
    try (BlobWriter w = writer()) {
      w.write(data);
      return w.commit(null);
    }
  }

  /** Opens a blob for reading; {@link NoSuchFileException} if it is not stored. */
  public InputStream open(Digest digest) throws IOException {
    return Files.newInputStream(path(digest));
  }

  public long size(Digest digest) throws IOException {
    return Files.size(path(digest));
  }

  /** Removes a blob; false if it was not there. Callers outside GC must hold the exclusive lock. */
  public boolean delete(Digest digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }

  /**
   * Rehashes a stored blob: true if its content still matches its name, false if it is corrupt
   * (e.g. a disk error or someone edited the file).
   */
  public boolean verify(Digest digest) throws IOException {
    MessageDigest md = hasher(digest.algorithm());
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = open(digest)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest()).equals(digest.hex());
  }

  /** Every stored blob (file names that are not valid digests are ignored). */
  public List<Digest> list() throws IOException {
    List<Digest> out = new ArrayList<>();
    if (!Files.isDirectory(blobs)) {
      return out;
    }
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
      for (Path alg : algorithms) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(alg)) {
          for (Path f : files) {
            try {
              out.add(new Digest(alg.getFileName().toString(), f.getFileName().toString()));
            } catch (RuntimeException notADigest) {
              // Not ours (an editor's backup file, say); GC leaves it alone too.
            }
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static MessageDigest hasher(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no " + algorithm, e);
    }
  }
}
