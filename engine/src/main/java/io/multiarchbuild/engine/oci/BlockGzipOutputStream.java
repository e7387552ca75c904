package io.multiarchbuild.engine.oci;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * pigz-style gzip: the input is cut into fixed {@value #BLOCK_SIZE}-byte blocks, each compressed
 * independently (on a thread pool when {@code threads > 1}) into its own gzip member, and the members
 * are written in order. Concatenated members are one valid gzip stream (RFC 1952 §2.2) that every
 * decompressor reads, including Go's (containerd, Docker).
 *
 * <p>The output depends only on the input, the level and the block size, never on the thread count,
 * so a layer's digest is the same on every machine. That is why the block size is a constant: changing
 * it changes every gzip layer digest the engine produces.
 */
public final class BlockGzipOutputStream extends OutputStream {

  static final int BLOCK_SIZE = 1 << 20;

  /** gzip member header: magic, deflate, no flags, mtime 0, no extra flags, OS unknown (255). */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeBlocks = new ArrayDeque<>();
  private final Deflater inlineDeflater;
  private byte[] block = new byte[BLOCK_SIZE];
  private int filled;
  private boolean wroteMember;
  private boolean closed;

  public BlockGzipOutputStream(OutputStream out, int level, int threads) {
    this.out = out;
    this.level = level;
    if (threads > 1) {
      this.pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "layer-gzip");
                t.setDaemon(true);
                return t;
              });
      this.inlineDeflater = null;
    } else {
      this.pool = null;
      this.inlineDeflater = new Deflater(level, true);
    }
    this.maxInFlight = Math.max(2, threads * 2);
  }

  @Override
  public void write(int b) throws IOException {
    if (filled == BLOCK_SIZE) {
      flushBlock();
    }
    block[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (filled == BLOCK_SIZE) {
        flushBlock();
      }
      int n = Math.min(len, BLOCK_SIZE - filled);
      System.arraycopy(b, off, block, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  private void flushBlock() throws IOException {
    byte[] full = block;
    int length = filled;
    wroteMember = true;
    if (pool == null) {
      inlineDeflater.reset();
      out.write(member(inlineDeflater, full, length));
      filled = 0;
      return;
    }
    inFlight.add(
        pool.submit(
            () -> {
              Deflater d = new Deflater(level, true);
              try {
                return member(d, full, length);
              } finally {
                d.end();
                synchronized (freeBlocks) {
                  freeBlocks.add(full);
                }
              }
            }));
    synchronized (freeBlocks) {
      block = freeBlocks.isEmpty() ? new byte[BLOCK_SIZE] : freeBlocks.poll();
    }
    filled = 0;
    while (inFlight.size() >= maxInFlight) {
      drainOne();
    }
  }

  private void drainOne() throws IOException {
    try {
      out.write(inFlight.poll().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing a layer");
    } catch (ExecutionException e) {
      throw new IOException("compressing a layer block failed", e.getCause());
    }
  }

  /** One complete gzip member holding {@code data[0..length)}. */
  static byte[] member(Deflater deflater, byte[] data, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, 0, length);
    deflater.setInput(data, 0, length);
    deflater.finish();
    // Stored blocks bound deflate's worst case to about 5 bytes per 16 KiB over the input.
    byte[] buf = new byte[HEADER.length + length + (length >> 12) + 64 + 8];
    System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
    int pos = HEADER.length;
    while (!deflater.finished()) {
      if (pos == buf.length - 8) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      pos += deflater.deflate(buf, pos, buf.length - 8 - pos);
    }
    if (buf.length - pos < 8) {
      buf = java.util.Arrays.copyOf(buf, pos + 8);
    }
    writeIntLe(buf, pos, (int) crc.getValue());
    writeIntLe(buf, pos + 4, length);
    return java.util.Arrays.copyOf(buf, pos + 8);
  }

  private static void writeIntLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  /** Compresses what is buffered and writes all pending members, then closes nothing below. */
  void finish() throws IOException {
    if (filled > 0 || !wroteMember) {
      flushBlock(); // an empty input still becomes one (empty) member: a valid gzip file
    }
    while (!inFlight.isEmpty()) {
      drainOne();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finish();
      out.flush();
    } finally {
      if (pool != null) {
        inFlight.forEach(f -> f.cancel(true));
        pool.shutdownNow();
      }
      if (inlineDeflater != null) {
        inlineDeflater.end();
      }
      out.close();
    }
  }
}
