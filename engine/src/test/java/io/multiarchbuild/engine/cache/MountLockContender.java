package io.multiarchbuild.engine.cache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a second JVM by {@link CacheLocksTest}: takes {@code lockMount(id)} {@code rounds} times
 * and, while holding it, appends "start NAME" and "end NAME" lines to a marker file with a pause in
 * between, so any overlap with another holder would interleave the markers.
 *
 * <p>Arguments: cache-dir mount-id marker-file name rounds
 */
public final class MountLockContender {
  private MountLockContender() {}

  public static void main(String[] args) throws Exception {
    CacheDir cache = CacheDir.open(Path.of(args[0]));
    run(cache, args[1], Path.of(args[2]), args[3], Integer.parseInt(args[4]));
  }

  static void run(CacheDir cache, String id, Path markers, String name, int rounds) throws Exception {
    for (int i = 0; i < rounds; i++) {
      try (CacheLocks.Lease lease = cache.locks().lockMount(id)) {
        append(markers, "start " + name);
        Thread.sleep(15);
        append(markers, "end " + name);
      }
      Thread.sleep(1);
    }
  }

  private static void append(Path file, String line) throws Exception {
    Files.write(
        file,
        (line + "\n").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }
}
