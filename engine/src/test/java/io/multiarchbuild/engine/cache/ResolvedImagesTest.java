package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remembered FROM resolutions: fresh within the time-to-live, per reference and platform, robust to junk. */
class ResolvedImagesTest {

  private static final String REF = "127.0.0.1:5000/test/busybox:1";
  private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  private static final String TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final Instant T0 = Instant.parse("2026-11-28T20:00:00Z");

  @TempDir Path tmp;

  private ResolvedImages at(Instant now) throws IOException {
    return new ResolvedImages(tmp.resolve("resolved"), Files.createDirectories(tmp.resolve("tmp")),
        Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void fresh_withinTtl_returnsTheManifestAsStored() throws IOException {
    at(T0).put(REF, "linux/arm64", MANIFEST, TYPE);
    ResolvedImages.Entry e = at(T0.plus(Duration.ofMinutes(9))).fresh(REF, "linux/arm64").orElseThrow();
    assertThat(e.manifest()).isEqualTo(MANIFEST);
    assertThat(e.mediaType()).isEqualTo(TYPE);
    assertThat(e.resolvedAt()).isEqualTo(T0);
  }

  @Test
  void fresh_atOrAfterTtl_isEmpty() throws IOException {
    at(T0).put(REF, "linux/amd64", MANIFEST, TYPE);
    assertThat(at(T0.plus(Duration.ofMinutes(10))).fresh(REF, "linux/amd64")).isEmpty();
    assertThat(at(T0.plus(Duration.ofHours(3))).fresh(REF, "linux/amd64")).isEmpty();
  }

  @Test
  void fresh_resolvedInTheFuture_isEmpty() throws IOException {
    at(T0).put(REF, "linux/amd64", MANIFEST, TYPE); // a clock that went backwards: do not trust it
    assertThat(at(T0.minusSeconds(60)).fresh(REF, "linux/amd64")).isEmpty();
  }

  @Test
  void fresh_otherPlatformOrReference_isEmpty() throws IOException {
    at(T0).put(REF, "linux/amd64", MANIFEST, TYPE);
    assertThat(at(T0).fresh(REF, "linux/arm64")).isEmpty();
    assertThat(at(T0).fresh("127.0.0.1:5000/test/busybox:2", "linux/amd64")).isEmpty();
  }

  @Test
  void fresh_digestPinnedReference_neverExpires() throws IOException {
    String pinned = "127.0.0.1:5000/test/busybox@sha256:" + "a".repeat(64);
    at(T0).put(pinned, "linux/amd64", MANIFEST, TYPE);
    assertThat(at(T0.plus(Duration.ofDays(30))).fresh(pinned, "linux/amd64")).isPresent();
  }

  @Test
  void put_again_replacesTheEntryAndRestartsTheTtl() throws IOException {
    at(T0).put(REF, "linux/amd64", MANIFEST, TYPE);
    byte[] newer = "{\"schemaVersion\":2,\"x\":1}".getBytes(StandardCharsets.UTF_8);
    at(T0.plus(Duration.ofMinutes(8))).put(REF, "linux/amd64", newer, TYPE);
    ResolvedImages.Entry e = at(T0.plus(Duration.ofMinutes(15))).fresh(REF, "linux/amd64").orElseThrow();
    assertThat(e.manifest()).isEqualTo(newer);
    try (Stream<Path> left = Files.list(tmp.resolve("tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void fresh_corruptFile_isEmptyAndPutRepairsIt() throws IOException {
    at(T0).put(REF, "linux/amd64", MANIFEST, TYPE);
    Path file;
    try (Stream<Path> files = Files.list(tmp.resolve("resolved"))) {
      file = files.findFirst().orElseThrow();
    }
    Files.writeString(file, "{not json");
    assertThat(at(T0).fresh(REF, "linux/amd64")).isEmpty();
    at(T0).put(REF, "linux/amd64", MANIFEST, TYPE);
    assertThat(at(T0).fresh(REF, "linux/amd64")).isPresent();
  }

  @Test
  void cacheDir_resolvedImages_survivesReopeningAndPruneAllForgetsThem() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("cache"));
    cache.resolvedImages().put(REF, "linux/amd64", MANIFEST, TYPE);
    assertThat(CacheDir.open(tmp.resolve("cache")).resolvedImages().fresh(REF, "linux/amd64")).isPresent();
    cache.prune(new PruneOptions(0, java.util.Optional.empty(), true, java.util.Set.of()));
    assertThat(cache.resolvedImages().fresh(REF, "linux/amd64")).isEmpty();
  }
}
