package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.dockerfile.RunMount;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheMountsTest {

  static RunMount cache(String id, String sharing) {
    return new RunMount(RunMount.MountType.CACHE, "/c", null, null, false, id, sharing, 0750, 1000, 1000, false, 0, null);
  }

  @Test
  void acquire_shared_sameDirectoryForConcurrentUsers_newOneGetsOwnerAndMode(@TempDir Path tmp) throws Exception {
    CacheDir dir = CacheDir.open(tmp.resolve("cache"));
    try (CacheMounts.Use a = CacheMounts.acquire(dir, cache("go", "shared"));
        CacheMounts.Use b = CacheMounts.acquire(dir, cache("go", "shared"))) {
      assertThat(b.dir).isEqualTo(a.dir);
      assertThat(a.created).isTrue();
      assertThat(b.created).isFalse();
      assertThat(Files.getAttribute(a.dir, "unix:mode")).isEqualTo(040750);
      assertThat(Files.getAttribute(a.dir, "unix:uid")).isEqualTo(1000);
      assertThat(a.dir).startsWith(tmp.resolve("cache/mounts"));
    }
  }

  @Test
  void acquire_private_whileInUse_givesAnotherDirectory_afterwardsTheFirstAgain(@TempDir Path tmp) throws Exception {
    CacheDir dir = CacheDir.open(tmp.resolve("cache"));
    Path first;
    try (CacheMounts.Use a = CacheMounts.acquire(dir, cache("npm", "private"));
        CacheMounts.Use b = CacheMounts.acquire(dir, cache("npm", "private"))) {
      first = a.dir;
      assertThat(b.dir).isNotEqualTo(a.dir);
    }
    try (CacheMounts.Use c = CacheMounts.acquire(dir, cache("npm", "private"))) {
      assertThat(c.dir).isEqualTo(first);
      assertThat(c.created).isFalse();
    }
  }
}
