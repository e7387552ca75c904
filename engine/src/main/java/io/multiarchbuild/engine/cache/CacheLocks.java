package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.oci.Digest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cache's locks; every one holds across threads of this JVM and across processes.
 *
 * <ul>
 *   <li>{@link #lease()}: a shared lock on {@code locks/cache.lock} that a build holds for its whole
 *       run. Anything a build writes (blobs, records, snapshot directories) is written under a
 *       lease, so it is never swept while the build is still wiring it up.
 *   <li>{@link #exclusive()} / {@link #tryExclusive()}: the same lock taken exclusively, by prune and
 *       garbage collection only. GC therefore waits for running builds (CLI prune) or skips
 *       ({@link CacheDir#gcTo} after a build, when another build is still running).
 *   <li>{@link #lockMount(String)} and {@link #lockKey(String)}: exclusive per-name locks for
 *       single-writer sections, e.g. a cache mount with {@code sharing=locked}.
 * </ul>
 *
 * Leases are not re-entrant: a thread that holds a lease and asks for {@link #exclusive()} waits
 * forever. Release the lease first.
 */
public final class CacheLocks {

  /** A held lock; closing it releases it (closing twice is harmless). */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  private final Path dir;

  CacheLocks(Path locksDir) {
    this.dir = locksDir;
  }

  /** A shared lease on the whole cache, held by a build for its duration. Blocks while GC runs. */
  public Lease lease() throws InterruptedException {
    InterProcessLock lock = cacheLock();
    lock.lockShared();
    return once(lock::unlockShared);
  }

  /** The exclusive cache lock (prune, GC): waits until no build holds a lease. */
  public Lease exclusive() throws InterruptedException {
    InterProcessLock lock = cacheLock();
    lock.lockExclusive();
    return once(lock::unlockExclusive);
  }

  /** The exclusive cache lock if nobody holds any lock on the cache right now. */
  public Optional<Lease> tryExclusive() {
    InterProcessLock lock = cacheLock();
    return lock.tryLockExclusive() ? Optional.of(once(lock::unlockExclusive)) : Optional.empty();
  }

  /**
   * Serialises users of the cache mount {@code id} (for {@code sharing=locked}) across threads and
   * processes. Blocks until the mount is free.
   */
  public Lease lockMount(String id) throws InterruptedException {
    return exclusiveNamed("mount-", id);
  }

  /** Serialises writers of one cache key (or any other name) across threads and processes. */
  public Lease lockKey(String key) throws InterruptedException {
    return exclusiveNamed("key-", key);
  }

  private Lease exclusiveNamed(String prefix, String name) throws InterruptedException {
    // Names are hashed: ids are free text (a cache mount id defaults to its target path).
    InterProcessLock lock =
        InterProcessLock.forFile(dir.resolve(prefix + Digest.sha256(name).hex() + ".lock"));
    lock.lockExclusive();
    return once(lock::unlockExclusive);
  }

  private InterProcessLock cacheLock() {
    return InterProcessLock.forFile(dir.resolve("cache.lock"));
  }

  private static Lease once(Runnable release) {
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        release.run();
      }
    };
  }
}
