package io.multiarchbuild.engine.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Detects stalled response bodies. {@code HttpClient}'s request timeout ends when the headers arrive;
 * a body that stops flowing would block a read forever. A guarded stream records each read's progress
 * and a watchdog closes it when it stalls longer than the read timeout, so the read fails with
 * {@link StallTimeoutException} and the transfer is retried/resumed like a dropped connection.
 */
final class StallGuard implements AutoCloseable {

  private final ScheduledExecutorService watchdog;
  private final long timeoutNanos;

  StallGuard(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "registry-stall-guard");
      t.setDaemon(true);
      return t;
    });
  }

  InputStream guard(InputStream in) {
    Guarded g = new Guarded(in);
    long period = Math.max(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(50));
    g.task = watchdog.scheduleAtFixedRate(g::check, period, period, TimeUnit.NANOSECONDS);
    return g;
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  private final class Guarded extends FilterInputStream {
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;
    private volatile boolean closed;
    private ScheduledFuture<?> task;

    Guarded(InputStream in) {
      super(in);
    }

    void check() {
      if (!closed && System.nanoTime() - lastProgress > timeoutNanos) {
        stalled = true;
        try {
          close();
        } catch (IOException ignored) {
          // the reader sees the stall flag either way
        }
      }
    }

    private int done(int n) throws IOException {
      if (stalled) {
        throw new StallTimeoutException("no data for " + Duration.ofNanos(timeoutNanos).toSeconds() + "s");
      }
      lastProgress = System.nanoTime();
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return done(super.read(b, off, len));
      } catch (IOException e) {
        done(0); // a stall turns any failure into a timeout
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      if (task != null) {
        task.cancel(false);
      }
      super.close();
    }
  }
}
