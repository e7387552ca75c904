package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Blobs} in a directory: {@code dir/<algorithm>/<hex>}, written through a temp file + move. */
final class DirectoryBlobs implements Blobs {

  private final Path dir;
  private final boolean durable;
  private final Map<Digest, String> sources = new ConcurrentHashMap<>();

  DirectoryBlobs(Path dir) {
    this(dir, true);
  }

  /** @param durable whether each blob is fsynced before its rename; not for scratch copies about to be packed */
  DirectoryBlobs(Path dir, boolean durable) {
    this.dir = dir.toAbsolutePath();
    this.durable = durable;
  }

  Path file(Digest d) {
    return dir.resolve(d.algorithm()).resolve(d.hex());
  }

  @Override
  public boolean contains(Digest digest) {
    return Files.isRegularFile(file(digest));
  }

  @Override
  public Optional<Path> path(Digest digest) {
    Path f = file(digest);
    return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    return Files.newInputStream(file(digest));
  }

  @Override
  public long size(Digest digest) throws IOException {
    return Files.size(file(digest));
  }

  @Override
  public void add(Digest digest, Writer writer) throws IOException {
    store(digest, writer, true, durable);
  }

  @Override
  public void addVerified(Digest digest, Writer writer) throws IOException {
    store(digest, writer, false, durable);
  }

  /**
   * Like {@link #add}, never fsynced: for manifests, which skopeo writes without an fsync too (their
   * durability is that of index.json, which names them).
   */
  void addManifest(Digest digest, Writer writer) throws IOException {
    store(digest, writer, true, false);
  }

  private void store(Digest digest, Writer writer, boolean verify, boolean sync) throws IOException {
    Path target = file(digest);
    if (Files.isRegularFile(target)) {
      return;
    }
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + digest.hex().substring(0, 12), ".part");
    try {
      MessageDigest sha = verify ? Digest.newSha256() : null;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          SyncedFileOutput file = new SyncedFileOutput(channel, sync)) {
        OutputStream out = new BufferedOutputStream(verify ? new DigestOutputStream(file, sha) : file, 1 << 16);
        writer.writeTo(out);
        out.flush();
        if (verify && digest.algorithm().equals("sha256")) {
          Digest actual = Digest.ofSha256(sha.digest());
          if (!actual.equals(digest)) {
            throw new IOException("blob content hashes to " + actual + ", expected " + digest);
          }
        }
        // On disk before it gets its name, as skopeo and containerd's content store do (fsync, then
        // rename): after a crash a blob is either complete or absent, never a named file of zeros.
        if (sync) {
          file.sync();
        }
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.isRegularFile(target)) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void recordSource(Digest digest, String repository) {
    sources.put(digest, repository);
  }

  @Override
  public Optional<String> knownSource(Digest digest) {
    return Optional.ofNullable(sources.get(digest));
  }
}
