package io.multiarchbuild.engine.snapshot;

import com.github.luben.zstd.ZstdInputStream;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
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
  private final List<String> whiteouts = new ArrayList<>();
  private final Thread scanner;
  private volatile IOException scanError;
  private final InputStream teed;

  private WhiteoutTee(InputStream compressed) throws IOException {
    this.plain = decompressed(compressed);
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
  List<String> whiteouts() {
    return List.copyOf(whiteouts);
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
          whiteouts.add(name);
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

  /** gzip ({@code 1f 8b}), zstd ({@code 28 b5 2f fd}) or plain, by the first bytes. */
  private static InputStream decompressed(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(4);
    byte[] m = in.readNBytes(4);
    in.reset();
    if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    if (m.length == 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) {
      return new BufferedInputStream(new ZstdInputStream(in), BUFFER);
    }
    return in;
  }
}
