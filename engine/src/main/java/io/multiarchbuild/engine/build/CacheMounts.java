package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.CacheLocks;
import io.multiarchbuild.engine.dockerfile.RunMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code RUN --mount=type=cache}: a persistent directory in the cache dir ({@code mounts/<sha256 of
 * the id>}, kept by a cache record), bind-mounted into the container and never part of a layer.
 * Sharing as BuildKit: {@code shared} lets concurrent RUNs use one directory; {@code locked} holds
 * the cache's per-id lock (threads and processes) for the whole RUN, so users take turns;
 * {@code private} gives a RUN that finds the directory in use a directory of its own (kept too,
 * under a derived id).
 */
final class CacheMounts {

  /** Directories of private mounts in use in this JVM. */
  private static final Set<Path> BUSY = ConcurrentHashMap.newKeySet();

  private CacheMounts() {}

  /** A cache directory ready to mount; {@link #close()} ends this RUN's use of it. */
  static final class Use implements AutoCloseable {
    final Path dir;
    final boolean created;
    private final CacheLocks.Lease lock;
    private final boolean claimed;

    private Use(Path dir, boolean created, CacheLocks.Lease lock, boolean claimed) {
      this.dir = dir;
      this.created = created;
      this.lock = lock;
      this.claimed = claimed;
    }

    @Override
    public void close() {
      if (lock != null) {
        lock.close();
      }
      if (claimed) {
        BUSY.remove(dir);
      }
    }
  }

  /** Takes the directory for {@code mount}, waiting for the lock of a {@code locked} one. */
  static Use acquire(CacheDir cache, RunMount mount) throws IOException, InterruptedException {
    String id = mount.id();
    switch (mount.sharing() == null ? "shared" : mount.sharing()) {
      case "locked" -> {
        CacheLocks.Lease lease = cache.locks().lockMount(id);
        try {
          return open(cache, id, mount, lease, false);
        } catch (IOException | RuntimeException e) {
          lease.close();
          throw e;
        }
      }
      case "private" -> {
        for (int n = 0; ; n++) {
          String candidate = n == 0 ? id : id + "\u0000private-" + n;
          Path dir = cache.root().resolve("mounts").resolve(io.multiarchbuild.engine.oci.Digest.sha256(candidate).hex());
          if (BUSY.add(dir)) {
            try {
              return open(cache, candidate, mount, null, true);
            } catch (IOException | RuntimeException e) {
              BUSY.remove(dir);
              throw e;
            }
          }
        }
      }
      default -> {
        return open(cache, id, mount, null, false);
      }
    }
  }

  private static Use open(CacheDir cache, String id, RunMount mount, CacheLocks.Lease lock, boolean claimed)
      throws IOException {
    String name = io.multiarchbuild.engine.oci.Digest.sha256(id).hex();
    boolean existed = Files.isDirectory(cache.root().resolve("mounts").resolve(name));
    Path dir = cache.mountDir(id);
    if (!existed) {
      // a new cache directory gets the mount's owner and mode, as BuildKit applies them to a new one
      Files.setAttribute(dir, "unix:uid", mount.uid() == null ? 0 : mount.uid());
      Files.setAttribute(dir, "unix:gid", mount.gid() == null ? 0 : mount.gid());
      Files.setAttribute(dir, "unix:mode", mount.mode() == null ? 0755 : mount.mode() & 07777);
    }
    return new Use(dir, !existed, lock, claimed);
  }
}
