package io.multiarchbuild.engine.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes a new blob file that {@link #sync()} then makes durable (fsync) before it is renamed into
 * place. A large blob's pages would otherwise all still be dirty at the end (the kernel starts writing
 * back only at 10% of RAM or after 30 s), so the final fsync of a 256 MiB layer waited ~0.15-0.2 s for
 * the disk. Instead, every {@link #WRITEBACK_UNIT} bytes a background thread asks the kernel to write
 * what is there so far (fdatasync; Java has no sync_file_range), overlapping the disk with the download,
 * and the final fsync finds little left to do. The durability is the same: one fsync of the complete
 * file before its rename, as skopeo and containerd do; the earlier ones only start the disk sooner.
 */
final class SyncedFileOutput extends OutputStream {

  /** Smaller blobs (most configs and layers) get the final fsync only. */
  static final long WRITEBACK_UNIT = 32L << 20;

  private static final ExecutorService WRITEBACK = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "blob-writeback");
    t.setDaemon(true);
    return t;
  });

  private final FileChannel channel;
  private long written;
  private long nextWriteback;
  private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

  /** @param earlyWriteback whether {@link #sync()} will be called (else the writebacks are wasted) */
  SyncedFileOutput(FileChannel channel, boolean earlyWriteback) {
    this.channel = channel;
    this.nextWriteback = earlyWriteback ? WRITEBACK_UNIT : Long.MAX_VALUE;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    written += len;
    if (written >= nextWriteback) {
      nextWriteback = written + WRITEBACK_UNIT;
      if (pending.isDone()) { // one at a time: a slow disk gets no queue of them
        pending = CompletableFuture.runAsync(() -> {
          try {
            channel.force(false);
          } catch (IOException e) {
            // only an early start; the final sync() reports what matters
          }
        }, WRITEBACK);
      }
    }
  }

  /** Waits for an early writeback still running, then fsyncs the file (data and metadata). */
  void sync() throws IOException {
    awaitPending();
    channel.force(true);
  }

  private void awaitPending() throws IOException {
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a blob to disk");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
  }

  /** Waits for an early writeback still running; the caller closes the channel. */
  @Override
  public void close() throws IOException {
    awaitPending();
  }
}
