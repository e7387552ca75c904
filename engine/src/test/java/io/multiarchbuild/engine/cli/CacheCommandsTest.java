package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.CacheRecord;
import io.multiarchbuild.engine.oci.Digest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheCommandsTest {

  @TempDir Path tmp;
  private Path root;
  private CacheDir cache;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("cache");
    cache = CacheDir.open(root);
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private void layer(String key, int bytes, Duration age) throws Exception {
    byte[] data = new byte[bytes];
    data[0] = (byte) key.hashCode();
    Digest d = cache.blobs().put(data);
    Instant used = Instant.now().minus(age);
    cache.index().put(new CacheRecord(key, CacheRecord.Kind.LAYER, List.of(d), Map.of(), used, used, bytes));
  }

  private static String id(String key) {
    return Digest.sha256(key).hex().substring(0, 25);
  }

  @Test
  void du_printsTheBuildxTableAndTotal() throws Exception {
    layer("big", 12_345_678, Duration.ofHours(3));
    layer("small", 2_000, Duration.ofSeconds(35));
    Files.write(cache.mountDir("/root/.cache").resolve("f"), new byte[1000]);

    assertThat(run("du", "--cache-dir", root.toString())).isZero();

    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.format("%-48s%-16s%-16s%s", "ID", "RECLAIMABLE", "SIZE", "LAST ACCESSED"));
    assertThat(lines.get(1)).isEqualTo(String.format("%-48s%-16s%-16s%s", id("big"), "true", "12.35MB", "3 hours ago"));
    assertThat(lines.get(2)).isEqualTo(String.format("%-48s%-16s%-16s%s", id("small"), "true", "2kB", "35 seconds ago"));
    assertThat(lines.get(3)).startsWith(id("cache-mount:/root/.cache") + "*").contains("1kB");
    assertThat(lines.get(4)).isEqualTo("Reclaimable:    12.35MB");
    assertThat(lines.get(5)).isEqualTo("Total:          12.35MB");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void du_verbose_showsKeyTypeAndSize() throws Exception {
    layer("sha256:" + "b".repeat(64), 1500, Duration.ofMinutes(5));
    assertThat(run("du", "--verbose", "--cache-dir", root.toString())).isZero();
    assertThat(out.toString())
        .contains("Key:            sha256:" + "b".repeat(64))
        .contains("Type:           layer")
        .contains("Size:           1.5kB")
        .contains("Last used:      5 minutes ago")
        .contains("Total:          1.5kB");
  }

  @Test
  void prune_force_removesAndPrintsWhatItFreed() throws Exception {
    layer("old", 3000, Duration.ofDays(3));
    layer("new", 1000, Duration.ofMinutes(1));

    assertThat(run("prune", "--force", "--filter", "until=24h", "--cache-dir", root.toString())).isZero();

    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("ID").contains("RECLAIMABLE");
    assertThat(lines.get(1)).startsWith(id("old")).contains("3kB").endsWith("3 days ago");
    assertThat(lines.get(2)).isEqualTo("Total:          3kB");
    assertThat(cache.index().list()).extracting(CacheRecord::key).containsExactly("new");
  }

  @Test
  void prune_keepStorage_keepsTheMostRecentlyUsed() throws Exception {
    layer("a", 1024, Duration.ofHours(3));
    layer("b", 1024, Duration.ofHours(2));
    layer("c", 1024, Duration.ofHours(1));

    assertThat(run("prune", "-f", "--keep-storage", "2kb", "--cache-dir", root.toString())).isZero();

    assertThat(cache.index().list()).extracting(CacheRecord::key).containsExactly("b", "c");
    assertThat(out.toString()).contains("Total:          1.024kB");
  }

  @Test
  void prune_all_alsoRemovesCacheMounts() throws Exception {
    cache.mountDir("apt");
    assertThat(run("prune", "-f", "--cache-dir", root.toString())).isZero();
    assertThat(cache.index().list()).hasSize(1);
    assertThat(run("prune", "-f", "--all", "--cache-dir", root.toString())).isZero();
    assertThat(cache.index().list()).isEmpty();
  }

  @Test
  void prune_badFilter_isAOneLineUserError() throws Exception {
    assertThat(run("prune", "-f", "--filter", "label=x", "--cache-dir", root.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: --filter label=x: unknown filter").doesNotContain("\tat ");
    err.getBuffer().setLength(0);
    assertThat(run("prune", "-f", "--keep-storage", "lots", "--cache-dir", root.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: invalid size 'lots'");
  }

  @Test
  void du_unusableCacheDir_isAOneLineUserError() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    assertThat(run("du", "--cache-dir", file.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: cache directory " + file).contains("--cache-dir").doesNotContain("\tat ");
  }

  @Test
  void humanUnits_matchDockerFormatting() {
    assertThat(HumanUnits.size(0)).isEqualTo("0B");
    assertThat(HumanUnits.size(999)).isEqualTo("999B");
    assertThat(HumanUnits.size(454_600_000)).isEqualTo("454.6MB");
    assertThat(HumanUnits.size(12_300_000)).isEqualTo("12.3MB");
    assertThat(HumanUnits.size(1_000_000_000)).isEqualTo("1GB");
    assertThat(HumanUnits.parseSize("10g")).isEqualTo(10L << 30);
    assertThat(HumanUnits.parseSize("1.5GiB")).isEqualTo(3L << 29);
    assertThat(HumanUnits.parseSize("512")).isEqualTo(512);
    assertThat(HumanUnits.parseDuration("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(HumanUnits.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HumanUnits.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(HumanUnits.ago(Duration.ofMinutes(61))).isEqualTo("About an hour ago");
    assertThat(HumanUnits.ago(Duration.ofDays(20))).isEqualTo("2 weeks ago");
  }
}
