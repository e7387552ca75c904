package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheIndexTest {

  @TempDir Path tmp;

  private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void put_thenGet_roundTripsEveryField() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest blob = cache.blobs().put(new byte[] {42});
    CacheRecord r =
        new CacheRecord(
            "sha256:" + "a".repeat(64), CacheRecord.Kind.LAYER, List.of(blob), Map.of("diffID", "x"), LONG_AGO, LONG_AGO, 1);

    cache.index().put(r);
    CacheRecord got = cache.index().get(r.key()).orElseThrow();

    assertThat(got.key()).isEqualTo(r.key());
    assertThat(got.kind()).isEqualTo(CacheRecord.Kind.LAYER);
    assertThat(got.blobs()).containsExactly(blob);
    assertThat(got.metadata()).containsExactlyEntriesOf(Map.of("diffID", "x"));
    assertThat(got.created()).isEqualTo(LONG_AGO);
    assertThat(got.size()).isEqualTo(1);
  }

  @Test
  void get_hit_updatesLastUsedWithoutRewritingTheRecord() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    CacheRecord r = new CacheRecord("k", CacheRecord.Kind.GENERIC, List.of(), Map.of(), LONG_AGO, LONG_AGO, 0);
    cache.index().put(r);
    Path file = cache.root().resolve("index/" + Digest.sha256("k").hex() + ".json");
    byte[] before = Files.readAllBytes(file);
    assertThat(cache.index().list().get(0).lastUsed()).isEqualTo(LONG_AGO);

    Instant justBefore = Instant.now().minus(1, ChronoUnit.SECONDS);
    CacheRecord hit = cache.index().get("k").orElseThrow();

    assertThat(hit.lastUsed()).isAfter(justBefore);
    assertThat(cache.index().list().get(0).lastUsed()).isAfter(justBefore);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void lookup_recordWithMissingBlob_isABrokenMissNamingTheBlob() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest present = cache.blobs().put(new byte[] {1});
    Digest gone = Digest.sha256("deleted by hand");
    cache.index().put(CacheRecord.of("k", CacheRecord.Kind.LAYER, List.of(present, gone), Map.of(), 2));

    CacheIndex.Lookup lookup = cache.index().lookup("k");

    assertThat(lookup.status()).isEqualTo(CacheIndex.Lookup.Status.BROKEN);
    assertThat(lookup.record()).isEmpty();
    assertThat(lookup.missing()).containsExactly(gone.toString());
    assertThat(cache.index().get("k")).isEmpty();
  }

  @Test
  void lookup_recordWithMissingSnapshotDir_isAMiss() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Path snap = cache.allocateSnapshot();
    String id = snap.getFileName().toString();
    cache.index().put(CacheRecord.of("k", CacheRecord.Kind.SNAPSHOT, List.of(), Map.of(CacheRecord.SNAPSHOT, id), 0));
    assertThat(cache.index().lookup("k").status()).isEqualTo(CacheIndex.Lookup.Status.HIT);

    assertThat(cache.deleteSnapshot(id)).isTrue();

    assertThat(cache.index().lookup("k").missing()).containsExactly("snapshot:" + id);
  }

  @Test
  void lookup_unknownKey_isAPlainMiss() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    assertThat(cache.index().lookup("never").status()).isEqualTo(CacheIndex.Lookup.Status.MISS);
  }

  @Test
  void unreadableRecordFile_isIgnoredNotAnError() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Files.writeString(cache.root().resolve("index/" + Digest.sha256("k").hex() + ".json"), "{\"key\": ");
    assertThat(cache.index().get("k")).isEmpty();
    assertThat(cache.index().list()).isEmpty();
  }

  @Test
  void put_replacesAndRemove_deletes() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    cache.index().put(CacheRecord.of("k", CacheRecord.Kind.GENERIC, List.of(), Map.of("v", "1"), 0));
    cache.index().put(CacheRecord.of("k", CacheRecord.Kind.GENERIC, List.of(), Map.of("v", "2"), 0));
    assertThat(cache.index().get("k").orElseThrow().metadata()).containsEntry("v", "2");
    assertThat(cache.index().remove("k")).isTrue();
    assertThat(cache.index().remove("k")).isFalse();
    assertThat(cache.index().list()).isEmpty();
  }
}
