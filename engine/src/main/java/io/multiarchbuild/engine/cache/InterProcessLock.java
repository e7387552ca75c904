package io.multiarchbuild.engine.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A readers–writer lock that holds across threads and processes. {@link FileChannel#lock} only
 * arbitrates between processes: inside one JVM a second lock on the same file throws
 * OverlappingFileLockException. So each lock file has exactly one instance per JVM (the static
 * registry), which keeps the in-JVM state (reader count, writer flag) and holds at most one OS lock:
 * a shared OS lock while any thread reads, an exclusive one while a thread writes.
 *
 * <p>The OS lock is taken while holding this object's monitor. That is safe because it only happens
 * when no thread of this JVM holds the lock, so nobody here needs the monitor to release anything;
 * the wait is for another process.
 */
final class InterProcessLock {

  private static final ConcurrentMap<Path, InterProcessLock> REGISTRY = new ConcurrentHashMap<>();

  private final Path file;
  private FileChannel channel;
  private FileLock osLock;
  private int readers;
  private boolean writer;

  private InterProcessLock(Path file) {
    this.file = file;
  }

  static InterProcessLock forFile(Path file) {
    return REGISTRY.computeIfAbsent(file.toAbsolutePath().normalize(), InterProcessLock::new);
  }

  synchronized void lockShared() throws InterruptedException {
    while (writer) {
      wait();
    }
    if (readers == 0) {
      osLock = acquire(true);
    }
    readers++;
  }

  synchronized void unlockShared() {
    if (readers <= 0) {
      throw new IllegalStateException("shared lock on " + file + " released more often than taken");
    }
    if (--readers == 0) {
      releaseOs();
      notifyAll();
    }
  }

  synchronized void lockExclusive() throws InterruptedException {
    while (writer || readers > 0) {
      wait();
    }
    osLock = acquire(false);
    writer = true;
  }

  /** Takes the exclusive lock only if no thread or process holds the lock now. */
  synchronized boolean tryLockExclusive() {
    if (writer || readers > 0) {
      return false;
    }
    try {
      FileLock lock = channel().tryLock(0, Long.MAX_VALUE, false);
      if (lock == null) {
        return false;
      }
      osLock = lock;
      writer = true;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  synchronized void unlockExclusive() {
    if (!writer) {
      throw new IllegalStateException("exclusive lock on " + file + " released but not held");
    }
    releaseOs();
    writer = false;
    notifyAll();
  }

  private FileLock acquire(boolean shared) {
    try {
      return channel().lock(0, Long.MAX_VALUE, shared);
    } catch (IOException e) {
      // An interrupt while blocked closes the channel (ClosedByInterruptException); channel()
      // reopens it next time.
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  private void releaseOs() {
    try {
      if (osLock != null && osLock.isValid()) {
        osLock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unlock " + file, e);
    } finally {
      osLock = null;
    }
  }

  private FileChannel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      // Kept open for the JVM's life: closing a channel drops every lock this process holds on the
      // file, and lock files are tiny and few.
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
    return channel;
  }
}
