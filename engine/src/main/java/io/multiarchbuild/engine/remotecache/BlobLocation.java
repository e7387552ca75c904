package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where an imported cache's blobs live: a registry repository or an OCI layout directory. */
sealed interface BlobLocation {

  /** Whether the blob is there, without reading it. */
  boolean exists(Digest digest) throws IOException;

  /** Copies the blob's bytes into {@code out} (the caller verifies the digest). */
  void copyTo(Digest digest, OutputStream out, TransferListener listener) throws IOException;

  /** For messages: the ref or directory. */
  String display();

  record Registry(RegistryClient client, ImageReference repo) implements BlobLocation {
    @Override
    public boolean exists(Digest digest) {
      return client.blobExists(repo, digest);
    }

    @Override
    public void copyTo(Digest digest, OutputStream out, TransferListener listener) {
      client.blobGet(repo, digest, out, listener);
    }

    @Override
    public String display() {
      return repo.context();
    }
  }

  record Layout(Path dir) implements BlobLocation {
    static Path blobPath(Path dir, Digest d) {
      return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    @Override
    public boolean exists(Digest digest) {
      return Files.isRegularFile(blobPath(dir, digest));
    }

    @Override
    public void copyTo(Digest digest, OutputStream out, TransferListener listener) throws IOException {
      Path p = blobPath(dir, digest);
      long total = Files.size(p);
      try (InputStream in = Files.newInputStream(p)) {
        byte[] buf = new byte[1 << 16];
        long done = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          done += n;
          listener.bytes(digest, done, total);
        }
      }
    }

    @Override
    public String display() {
      return dir.toString();
    }
  }
}
