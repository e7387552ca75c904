package io.multiarchbuild.engine.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * An upload body taken straight from a file's pages: the file is mapped in windows and handed to the
 * HTTP client as slices of those mappings, which the socket writes without a copy. The JDK's
 * stream publisher instead allocates a fresh heap array per piece and copies file → heap → socket
 * buffer; for a 256 MiB layer that was a measurable share of a push's CPU (see bench/RESULTS.md).
 *
 * <p>Each subscription maps anew, so a retried request re-reads the file. Blob files are
 * content-addressed and never rewritten while a push runs; a file that shrank anyway makes the
 * socket write fail, which the upload treats like any failed request.
 */
final class MappedFilePublisher implements Flow.Publisher<ByteBuffer> {

  /** How much is mapped at once; slices of it are what the client writes to the socket. */
  static final int WINDOW = 16 << 20;
  static final int SLICE = 1 << 20;

  private final Path file;
  private final long offset;
  private final long length;
  private final LongConsumer progress;

  /** @param progress told the end offset (in the file) of each slice as it is handed over */
  MappedFilePublisher(Path file, long offset, long length, LongConsumer progress) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must not be negative");
    }
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.progress = progress;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Subscription s = new Subscription(subscriber);
    subscriber.onSubscribe(s);
    s.drain();
  }

  private final class Subscription implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    /** Serialises delivery: only the thread that raised it from 0 emits (request may be re-entered from onNext). */
    private final AtomicInteger work = new AtomicInteger();
    private volatile boolean cancelled;
    /** A protocol error found in request(), delivered by the emitting thread so signals stay serial. */
    private volatile Throwable refused;
    private boolean done;
    private long position = offset;
    private final long end = offset + length;
    private MappedByteBuffer window;
    private long windowStart;

    Subscription(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        refused = new IllegalArgumentException("request(" + n + "): demand must be positive");
        drain();
        return;
      }
      demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    void drain() {
      if (work.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      while (true) {
        emit();
        missed = work.addAndGet(-missed);
        if (missed == 0) {
          return;
        }
      }
    }

    private void emit() {
      while (!done && !cancelled) {
        if (refused != null) {
          fail(refused);
          return;
        }
        if (position >= end) {
          done = true;
          subscriber.onComplete();
          return;
        }
        if (demand.get() == 0) {
          return;
        }
        ByteBuffer slice;
        try {
          slice = next();
        } catch (IOException | RuntimeException e) {
          fail(e);
          return;
        }
        demand.decrementAndGet();
        progress.accept(position);
        subscriber.onNext(slice);
      }
    }

    private ByteBuffer next() throws IOException {
      if (window == null || position >= windowStart + window.capacity()) {
        windowStart = position;
        long size = Math.min(WINDOW, end - position);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
          if (ch.size() < end) {
            throw new IOException(file + " has " + ch.size() + " bytes, expected at least " + end);
          }
          window = ch.map(FileChannel.MapMode.READ_ONLY, windowStart, size); // stays valid after close
        }
      }
      int from = (int) (position - windowStart);
      int n = (int) Math.min(SLICE, window.capacity() - from);
      ByteBuffer slice = window.slice(from, n);
      position += n;
      return slice;
    }

    private void fail(Throwable e) {
      if (!done) {
        done = true;
        subscriber.onError(e);
      }
    }
  }
}
