package io.multiarchbuild.engine.registry;

import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes a blob's bytes in the order they were received, either on the caller's thread or, for large
 * blobs, on a second thread while the caller goes on reading the socket and writing the file. SHA-256
 * of a 256 MiB layer is ~0.25 s of CPU even with the CPU's SHA instructions, the largest single item on
 * the puller's thread; with it moved off, reading, writing and hashing overlap on two cores.
 *
 * <p>The caller fills {@link #buffer()} and hands its first bytes over with {@link #commit}; the next
 * {@link #buffer()} is the same array when hashing inline, else a free one from a small pool (the
 * hasher returns each array to the pool once hashed, so memory stays at {@link #BUFFERS} arrays). The
 * current buffer is kept across calls, so a transfer resumed many times never drains the pool.
 * {@link #digest} waits until every handed-over byte is hashed. One caller thread per instance.
 */
abstract class PipelinedHasher implements AutoCloseable {

  /** Blobs at least this large are hashed on a second thread; smaller ones inline (no thread start). */
  static final long THREADED_FROM = 4L << 20;
  /** Buffers in flight per threaded hasher: the hasher is ~3x faster than a local socket, so few. */
  static final int BUFFERS = 4;

  /** A hasher for a blob of {@code size} bytes ({@code -1}: unknown), with buffers of {@code bufferSize}. */
  static PipelinedHasher create(MessageDigest md, long size, int bufferSize) {
    return size >= 0 && size < THREADED_FROM ? new Inline(md, bufferSize) : new Threaded(md, bufferSize);
  }

  /** The buffer to fill: the same array until {@link #commit}. */
  abstract byte[] buffer();

  /** Hashes the first {@code len} bytes of the current {@link #buffer()} (now or later, in order). */
  abstract void commit(int len);

  /** The digest of everything handed over; waits for the hasher thread. Call at most once. */
  abstract byte[] digest();

  /** Stops the hasher thread, if any (also after a failure); idempotent. */
  @Override
  public abstract void close();

  private static final class Inline extends PipelinedHasher {
    private final MessageDigest md;
    private final byte[] buf;

    Inline(MessageDigest md, int bufferSize) {
      this.md = md;
      this.buf = new byte[bufferSize];
    }

    @Override
    byte[] buffer() {
      return buf;
    }

    @Override
    void commit(int len) {
      md.update(buf, 0, len);
    }

    @Override
    byte[] digest() {
      return md.digest();
    }

    @Override
    public void close() {}
  }

  private static final class Threaded extends PipelinedHasher {
    /** A filled buffer; {@code len < 0} marks the end of the stream. */
    private record Chunk(byte[] buf, int len) {}

    private static final Chunk END = new Chunk(new byte[0], -1);

    private final MessageDigest md;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    // One more slot than buffers, so END always fits and handing over never waits on the hasher.
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread thread;
    private byte[] current;
    private volatile byte[] result;

    Threaded(MessageDigest md, int bufferSize) {
      this.md = md;
      for (int i = 0; i < BUFFERS; i++) {
        free.add(new byte[bufferSize]);
      }
      thread = new Thread(this::run, "blob-hash");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      try {
        while (true) {
          Chunk c = filled.take();
          if (c.len() < 0) {
            result = md.digest();
            return;
          }
          md.update(c.buf(), 0, c.len());
          free.add(c.buf());
        }
      } catch (InterruptedException e) {
        // closed after a failure: the partial hash is of no use
      }
    }

    @Override
    byte[] buffer() {
      if (current == null) {
        current = take();
      }
      return current;
    }

    @Override
    void commit(int len) {
      filled.add(new Chunk(buffer(), len));
      current = null;
    }

    private byte[] take() {
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the blob hasher", e);
      }
    }

    @Override
    byte[] digest() {
      filled.add(END);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        thread.interrupt();
        throw new IllegalStateException("interrupted while waiting for the blob hasher", e);
      }
      if (result == null) {
        throw new IllegalStateException("the blob hasher stopped before the end of the blob");
      }
      return result;
    }

    @Override
    public void close() {
      if (thread.isAlive() && result == null) {
        thread.interrupt();
      }
    }
  }
}
