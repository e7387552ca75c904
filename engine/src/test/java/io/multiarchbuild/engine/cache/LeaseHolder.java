package io.multiarchbuild.engine.cache;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a second JVM by {@link CacheLocksTest}: holds a build lease on the cache until a release
 * file appears. Arguments: cache-dir ready-file release-file
 */
public final class LeaseHolder {
  private LeaseHolder() {}

  public static void main(String[] args) throws Exception {
    CacheDir cache = CacheDir.open(Path.of(args[0]));
    try (CacheLocks.Lease lease = cache.locks().lease()) {
      Files.writeString(Path.of(args[1]), "held");
      while (!Files.exists(Path.of(args[2]))) {
        Thread.sleep(20);
      }
    }
  }
}
