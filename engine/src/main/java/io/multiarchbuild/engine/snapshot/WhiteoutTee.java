package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Decompresses a layer blob once and hands the plain tar to the extractor while, on the side, hashing
 * it (the diff_id) and listing its whiteout entries. {@code LayerExtractor} applies whiteouts by
 * deleting and never materialises them, but a layer directory used as an overlay lower dir must keep
 * them; so a second thread reads the same bytes through a pipe with a tar reader that only looks at
 * headers. The blob is read and decompressed once.
 */
final class WhiteoutTee implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  private final InputStream plain;
  private final MessageDigest sha = Digest.newSha256();
  private final PipedOutputStream pipeOut = new PipedOutputStream();
  private final PipedInputStream pipeIn;
  private final List<Marker> whiteouts = new ArrayList<>();
  private final List<String> overlayXattrs = new ArrayList<>();

  /** A whiteout entry: its name as in the tar and its mtime. */
  record Marker(String name, java.time.Instant mtime) {}
  private final Thread scanner;
  private volatile IOException scanError;
  private final InputStream teed;

  private WhiteoutTee(InputStream compressed) throws IOException {
    this.plain = Compression.decompressing(compressed);
    this.pipeIn = new PipedInputStream(pipeOut, 1 << 20);
    this.teed = new FilterInputStream(plain) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          sha.update(b, off, n);
          pipeOut.write(b, off, n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, BUFFER)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
      }

      @Override
      public boolean markSupported() {
        return false;
      }

      @Override
      public void close() {
        // the extractor closes its readers; the blob belongs to our caller
      }
    };
    this.scanner = new Thread(this::scan, "layer-whiteout-scan");
    this.scanner.setDaemon(true);
  }

  static WhiteoutTee start(InputStream compressedBlob) throws IOException {
    WhiteoutTee t = new WhiteoutTee(compressedBlob);
    t.scanner.start();
    return t;
  }

  /** The plain tar stream to extract. */
  InputStream stream() {
    return teed;
  }

  /** Reads what the extractor left (end-of-archive padding) so hash and scan see every byte. */
  void finish() throws IOException {
    byte[] buf = new byte[BUFFER];
    while (teed.read(buf, 0, buf.length) >= 0) {
      // drain
    }
    pipeOut.close();
    join();
    if (scanError != null) {
      throw scanError;
    }
  }

  /** Whiteout entry names in archive order (valid after {@link #finish()}). */
  List<Marker> whiteouts() {
    return List.copyOf(whiteouts);
  }

  /** Entries that carry {@code user.overlay.*} xattrs, which overlayfs would obey in a lower dir. */
  List<String> overlayXattrEntries() {
    return List.copyOf(overlayXattrs);
  }

  Digest diffId() {
    return Digest.ofSha256(sha.digest());
  }

  private void scan() {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(pipeIn, "UTF-8")) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        int slash = name.lastIndexOf('/', name.endsWith("/") ? name.length() - 2 : name.length());
        if (name.substring(slash + 1).startsWith(LayerEntry.WHITEOUT_PREFIX)) {
          whiteouts.add(new Marker(name, e.getLastModifiedDate().toInstant()));
        }
        if (e.getExtraPaxHeaders().keySet().stream().anyMatch(k -> k.startsWith("SCHILY.xattr." + DiffWalker.OVERLAY_XATTR_PREFIX))) {
          overlayXattrs.add(name);
        }
      }
    } catch (IOException e) {
      scanError = e;
    } finally {
      drainPipe(); // never leave the extractor blocked on a full pipe
    }
  }

  private void drainPipe() {
    byte[] buf = new byte[BUFFER];
    try {
      while (pipeIn.read(buf) >= 0) {
        // discard
      }
    } catch (IOException ignored) {
      // the writer closed or died; nothing more will come
    }
  }

  private void join() throws IOException {
    try {
      scanner.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while scanning a layer");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      pipeOut.close();
    } finally {
      join();
    }
  }
}
