package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageCollectorTest {

  @TempDir Path tmp;

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  /** A layer record of {@code bytes} bytes, last used {@code hoursAfterT0} after T0. */
  private Digest layer(CacheDir cache, String key, int bytes, int hoursAfterT0) throws Exception {
    byte[] data = new byte[bytes];
    data[0] = (byte) key.hashCode();
    data[bytes - 1] = (byte) (key.hashCode() >> 8);
    Digest d = cache.blobs().put(data);
    Instant used = T0.plus(Duration.ofHours(hoursAfterT0));
    cache.index().put(new CacheRecord(key, CacheRecord.Kind.LAYER, List.of(d), Map.of(), T0, used, bytes));
    return d;
  }

  private static Set<String> keys(CacheDir cache) throws Exception {
    return Set.copyOf(cache.index().list().stream().map(CacheRecord::key).toList());
  }

  @Test
  void prune_keepBytes_removesLeastRecentlyUsedFirstUntilUnderTheLimit() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest oldest = layer(cache, "oldest", 1000, 1);
    Digest middle = layer(cache, "middle", 1000, 2);
    Digest newest = layer(cache, "newest", 1000, 3);
    Digest recent = layer(cache, "recent", 1000, 0);
    cache.index().get("recent"); // a hit makes it the most recently used

    PruneResult result = cache.prune(new PruneOptions(2500, Optional.empty(), false, Set.of()));

    assertThat(result.removed()).extracting(e -> e.record().key()).containsExactly("oldest", "middle");
    assertThat(result.reclaimedBytes()).isEqualTo(2000);
    assertThat(keys(cache)).containsExactlyInAnyOrder("newest", "recent");
    assertThat(cache.blobs().has(oldest)).isFalse();
    assertThat(cache.blobs().has(middle)).isFalse();
    assertThat(cache.blobs().has(newest)).isTrue();
    assertThat(cache.blobs().has(recent)).isTrue();
  }

  @Test
  void prune_sharedBlob_staysUntilItsLastRecordGoes() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest shared = cache.blobs().put(new byte[500]);
    cache.index().put(new CacheRecord("a", CacheRecord.Kind.LAYER, List.of(shared), Map.of(), T0, T0, 500));
    cache.index().put(new CacheRecord("b", CacheRecord.Kind.IMAGE_CONFIG, List.of(shared), Map.of(), T0, T0.plusSeconds(60), 500));

    PruneResult result = cache.prune(new PruneOptions(0, Optional.empty(), false, Set.of(CacheRecord.Kind.LAYER)));

    assertThat(result.removed()).extracting(e -> e.record().key()).containsExactly("a");
    assertThat(result.removed().get(0).bytes()).isZero();
    assertThat(cache.blobs().has(shared)).isTrue();
  }

  @Test
  void prune_sweepsUnreferencedBlobsSnapshotsAndStaging() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest kept = layer(cache, "kept", 100, 1);
    Digest orphan = cache.blobs().put(new byte[] {9, 9, 9});
    Path keptSnap = cache.allocateSnapshot();
    Files.writeString(keptSnap.resolve("f"), "12345");
    cache.index().put(
        CacheRecord.of("snap", CacheRecord.Kind.SNAPSHOT, List.of(), Map.of(CacheRecord.SNAPSHOT, keptSnap.getFileName().toString()), 5));
    Path orphanSnap = cache.allocateSnapshot();
    Files.writeString(orphanSnap.resolve("g"), "1234567");

    PruneResult result = cache.prune(new PruneOptions(0, Optional.empty(), false, Set.of(CacheRecord.Kind.GENERIC)));

    assertThat(result.removed()).isEmpty();
    assertThat(result.blobsSwept()).isEqualTo(1);
    assertThat(result.directoriesSwept()).isEqualTo(1);
    assertThat(result.reclaimedBytes()).isEqualTo(3 + 7);
    assertThat(cache.blobs().has(kept)).isTrue();
    assertThat(cache.blobs().has(orphan)).isFalse();
    assertThat(keptSnap.resolve("f")).exists();
    assertThat(orphanSnap).doesNotExist();
  }

  @Test
  void prune_removesBrokenRecords() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest d = layer(cache, "broken", 10, 1);
    Files.delete(cache.blobs().path(d));
    cache.prune(new PruneOptions(0, Optional.empty(), false, Set.of(CacheRecord.Kind.GENERIC)));
    assertThat(keys(cache)).isEmpty();
  }

  @Test
  void prune_olderThan_removesOnlyRecordsUnusedForThatLong() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    layer(cache, "ancient", 10, 0);
    cache.index().put(CacheRecord.of("fresh", CacheRecord.Kind.GENERIC, List.of(), Map.of(), 0));

    cache.prune(new PruneOptions(0, Optional.of(Duration.ofHours(24)), false, Set.of()));

    assertThat(keys(cache)).containsExactly("fresh");
  }

  @Test
  void prune_default_keepsCacheMounts_allRemovesThem() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Path mount = cache.mountDir("apt");
    Files.writeString(mount.resolve("pkg.deb"), "deb");
    layer(cache, "l", 10, 1);

    cache.prune(PruneOptions.defaults());
    assertThat(keys(cache)).containsExactly(CacheDir.mountKey("apt"));
    assertThat(mount.resolve("pkg.deb")).exists();

    cache.prune(new PruneOptions(0, Optional.empty(), true, Set.of()));
    assertThat(keys(cache)).isEmpty();
    assertThat(mount).doesNotExist();
  }

  @Test
  void gcTo_shrinksToTheLimit_andSkipsWhileABuildHoldsALease() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    layer(cache, "a", 1000, 1);
    layer(cache, "b", 1000, 2);
    try (CacheLocks.Lease build = cache.locks().lease()) {
      assertThat(cache.gcTo(1000).skipped()).isTrue();
      assertThat(keys(cache)).hasSize(2);
    }
    PruneResult result = cache.gcTo(1000);
    assertThat(result.skipped()).isFalse();
    assertThat(keys(cache)).containsExactly("b");
  }

  @Test
  void usage_countsSharedBlobsOnceAndGroupsByKind() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest shared = cache.blobs().put(new byte[100]);
    Digest own = cache.blobs().put(new byte[40]);
    cache.index().put(new CacheRecord("a", CacheRecord.Kind.LAYER, List.of(shared, own), Map.of(), T0, T0, 140));
    cache.index().put(new CacheRecord("b", CacheRecord.Kind.LAYER, List.of(shared), Map.of(), T0, T0, 100));
    Path mount = cache.mountDir("m");
    Files.write(mount.resolve("x"), new byte[7]);

    CacheUsage u = cache.usage();

    assertThat(u.blobBytes()).isEqualTo(140);
    assertThat(u.blobCount()).isEqualTo(2);
    assertThat(u.sharedBytes()).isEqualTo(100);
    assertThat(u.directoryBytes()).isEqualTo(7);
    assertThat(u.totalBytes()).isEqualTo(147);
    assertThat(u.byKind().get(CacheRecord.Kind.LAYER)).isEqualTo(new CacheUsage.KindTotal(2, 40));
    assertThat(u.byKind().get(CacheRecord.Kind.CACHE_MOUNT)).isEqualTo(new CacheUsage.KindTotal(1, 7));
    assertThat(u.entries()).filteredOn(e -> e.record().key().equals("a")).singleElement().satisfies(e -> {
      assertThat(e.bytes()).isEqualTo(40);
      assertThat(e.shared()).isTrue();
    });
  }
}
