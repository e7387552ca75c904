package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WORKDIR's own layer: the directories it makes, their times, and that the layer is a cached result. */
class WorkdirIT {

  @TempDir static Path cacheDir;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
  }

  /** Path → mtime of the entries of the image's last layer (the WORKDIR's). */
  static Map<String, Instant> lastLayer(BuildResult r, Path layout) throws Exception {
    List<String> layers = CopyAddIT.layers(r, layout);
    String digest = layers.get(layers.size() - 1);
    Map<String, Instant> out = new TreeMap<>();
    try (InputStream in = Files.newInputStream(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        out.put(e.getName(), e.getLastModifiedDate().toInstant());
      }
    }
    return out;
  }

  static String lastLayerDigest(BuildResult r, Path layout) throws Exception {
    List<String> layers = CopyAddIT.layers(r, layout);
    return layers.get(layers.size() - 1);
  }

  private static BuildRequest.Builder build(Path ctx, Path out) {
    return request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=oci,tar=false,dest=" + out));
  }

  @Test
  void workdir_newDirectories_getTheBuildsTime_andACachedRebuildReusesTheLayer(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nWORKDIR /srv/app/data\n");
    Instant before = Instant.now().minusSeconds(1);

    BuildResult first = run(build(ctx, out.resolve("1")).build());
    Instant after = Instant.now().plusSeconds(1);
    BuildResult again = run(build(ctx, out.resolve("2")).build());

    Map<String, Instant> entries = lastLayer(first, out.resolve("1"));
    assertThat(entries).containsOnlyKeys("srv/", "srv/app/", "srv/app/data/");
    assertThat(entries.values()).allSatisfy(t -> assertThat(t).isBetween(before, after));
    assertThat(lastLayerDigest(again, out.resolve("2"))).isEqualTo(lastLayerDigest(first, out.resolve("1")));
  }

  @Test
  void workdir_withSourceDateEpoch_directoryGetsTheEpoch_andAnotherEpochIsAnotherLayer(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nWORKDIR /opt/tool\n");
    Instant before = Instant.now().minusSeconds(1);

    BuildResult first = run(build(ctx, out.resolve("1")).buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")).build());
    Instant after = Instant.now().plusSeconds(1);
    BuildResult cached = run(build(ctx, out.resolve("2")).buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")).build());
    BuildResult other = run(build(ctx, out.resolve("3")).buildArgs(Map.of("SOURCE_DATE_EPOCH", "1600000000")).build());

    Map<String, Instant> entries = lastLayer(first, out.resolve("1"));
    assertThat(entries.get("opt/tool/")).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(entries.get("opt/")).isBetween(before, after); // touched again when its child was made, as in BuildKit
    assertThat(lastLayerDigest(cached, out.resolve("2"))).isEqualTo(lastLayerDigest(first, out.resolve("1")));
    assertThat(lastLayer(other, out.resolve("3")).get("opt/tool/")).isEqualTo(Instant.ofEpochSecond(1600000000));
  }

  @Test
  void sourceDateEpoch_notANumber_failsNamingTheValue(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nWORKDIR /x\n");

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildArgs(Map.of("SOURCE_DATE_EPOCH", "yesterday")).build()))
        .isInstanceOf(BuildError.class).hasMessageContaining("invalid SOURCE_DATE_EPOCH \"yesterday\"");
  }
}
