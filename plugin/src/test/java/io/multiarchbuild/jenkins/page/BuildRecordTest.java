package io.multiarchbuild.jenkins.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.build.BuildResult;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder.VertexRecord;
import io.multiarchbuild.engine.progress.StatusEvent;
import io.multiarchbuild.engine.progress.VertexEvent;
import io.multiarchbuild.jenkins.page.BuildRecord.Status;
import io.multiarchbuild.jenkins.page.BuildRecord.StepRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildRecordTest {

  static final Instant T0 = Instant.parse("2026-11-28T20:00:00Z");
  static final Digest AMD = Digest.sha256("amd".getBytes(StandardCharsets.UTF_8));
  static final Digest ARM = Digest.sha256("arm".getBytes(StandardCharsets.UTF_8));
  static final Digest INDEX = Digest.sha256("index".getBytes(StandardCharsets.UTF_8));

  @TempDir Path temp;

  static VertexRecord vertex(String name, long startMs, long endMs, boolean cached, String error, String log) {
    VertexEvent e = new VertexEvent(Digest.sha256(name.getBytes(StandardCharsets.UTF_8)).toString(), List.of(), name,
        T0.plusMillis(startMs), endMs < 0 ? null : T0.plusMillis(endMs), cached, error, false);
    return new VertexRecord(e, List.of(), List.of(), log.length(), false, log);
  }

  static VertexRecord cacheVertex(String name, long... bytes) {
    VertexEvent e = new VertexEvent(Digest.sha256(name.getBytes(StandardCharsets.UTF_8)).toString(), List.of(), name,
        T0, T0.plusMillis(300), false, null, false);
    List<StatusEvent> statuses = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      statuses.add(new StatusEvent("sha256:" + i, e.digest(), "writing layer", bytes[i], bytes[i], T0, T0, T0));
    }
    return new VertexRecord(e, statuses, List.of(), 0, false, "");
  }

  /** A two-platform build as the engine reports it: shared loads, per-platform steps, one cached, exports. */
  static BuildResult twoPlatformResult() {
    List<VertexRecord> vs = List.of(
        vertex("[internal] load build definition from Dockerfile", 0, 20, false, null, ""),
        vertex("[linux/amd64 internal] load metadata for 127.0.0.1:5000/test/busybox:1", 20, 120, false, null, ""),
        vertex("[linux/arm64 internal] load metadata for 127.0.0.1:5000/test/busybox:1", 20, 130, false, null, ""),
        cacheVertex("importing cache manifest from 127.0.0.1:5000/team/app:cache", 1000, 24),
        vertex("[linux/amd64 1/3] FROM 127.0.0.1:5000/test/busybox:1", 130, 130, true, null, ""),
        vertex("[linux/arm64 1/3] FROM 127.0.0.1:5000/test/busybox:1", 130, 130, true, null, ""),
        vertex("[linux/amd64 2/3] RUN echo hello > /hello", 130, 1330, false, null, "hello <b>&amp;\n"),
        vertex("[linux/arm64 2/3] RUN echo hello > /hello", 130, 2630, false, null, "arm says hi\n"),
        vertex("[linux/amd64 3/3] COPY app /app", 1330, 1400, true, null, ""),
        vertex("[linux/arm64 3/3] COPY app /app", 2630, 2700, false, "failed to copy: no such file", "cp: app\n"),
        vertex("exporting to image", 2700, 3000, false, null, ""),
        cacheVertex("exporting cache to registry", 500, 300, 200));
    return new BuildResult(Map.of(Platform.LINUX_ARM64, ARM, Platform.LINUX_AMD64, AMD), INDEX,
        Map.of("image.name", "127.0.0.1:5000/team/app:1.2,127.0.0.1:5000/team/app:latest",
            "containerimage.digest", INDEX.toString()),
        vs);
  }

  @Test
  void of_twoPlatformBuild_groupsStepsByPlatformPrefix() {
    BuildRecord r = BuildRecord.of(twoPlatformResult(), Duration.ofMillis(3456));

    assertThat(r.imageName()).isEqualTo("127.0.0.1:5000/team/app:1.2,127.0.0.1:5000/team/app:latest");
    assertThat(r.digest()).isEqualTo(INDEX.toString());
    assertThat(r.platforms()).extracting(BuildRecord.PlatformRecord::platform).containsExactly("linux/amd64", "linux/arm64");
    assertThat(r.platforms()).extracting(BuildRecord.PlatformRecord::digest).containsExactly(AMD.toString(), ARM.toString());
    assertThat(r.platforms().get(0).steps()).extracting(StepRecord::name).containsExactly(
        "[linux/amd64 internal] load metadata for 127.0.0.1:5000/test/busybox:1",
        "[linux/amd64 1/3] FROM 127.0.0.1:5000/test/busybox:1",
        "[linux/amd64 2/3] RUN echo hello > /hello",
        "[linux/amd64 3/3] COPY app /app");
    assertThat(r.otherSteps()).extracting(StepRecord::name).containsExactly(
        "[internal] load build definition from Dockerfile",
        "importing cache manifest from 127.0.0.1:5000/team/app:cache",
        "exporting to image",
        "exporting cache to registry");
    assertThat(r.platformList()).isEqualTo("linux/amd64, linux/arm64");
  }

  @Test
  void of_stepsCarryStatusDurationLogAndError() {
    BuildRecord r = BuildRecord.of(twoPlatformResult(), Duration.ofMillis(3456));

    StepRecord run = r.platforms().get(0).steps().get(2);
    assertThat(run.status()).isEqualTo(Status.DONE);
    assertThat(run.durationMillis()).isEqualTo(1200);
    assertThat(run.durationText()).isEqualTo("1.2s");
    assertThat(run.log()).isEqualTo("hello <b>&amp;\n");
    assertThat(r.platforms().get(0).steps().get(1).status()).isEqualTo(Status.CACHED);
    StepRecord failed = r.platforms().get(1).steps().get(3);
    assertThat(failed.status()).isEqualTo(Status.ERROR);
    assertThat(failed.status().label()).isEqualTo("error");
    assertThat(failed.error()).isEqualTo("failed to copy: no such file");
    assertThat(failed.log()).isEqualTo("cp: app\n");
  }

  @Test
  void of_countsCacheHitsOverFinishedDockerfileStepsAndCacheBytes() {
    BuildRecord r = BuildRecord.of(twoPlatformResult(), Duration.ofMillis(3456));

    // 9 bracketed vertices, of which the two FROMs and the amd64 COPY were cached
    assertThat(r.buildSteps()).isEqualTo(9);
    assertThat(r.cachedSteps()).isEqualTo(3);
    assertThat(r.cacheHitRatio()).isEqualTo(3.0 / 9);
    assertThat(r.cacheHitText()).isEqualTo("33%");
    assertThat(r.totalMillis()).isEqualTo(3456);
    assertThat(r.totalText()).isEqualTo("3.5s");
    assertThat(r.cacheImportBytes()).isEqualTo(1024);
    assertThat(r.cacheExportBytes()).isEqualTo(1000);
    assertThat(r.hasCacheBytes()).isTrue();
  }

  @Test
  void of_singlePlatformBuild_putsUnprefixedStepsOnThatPlatformAndHasNoCacheBytes() {
    BuildResult one = new BuildResult(Map.of(Platform.LINUX_AMD64, AMD), AMD, Map.of(), List.of(
        vertex("[internal] load build context", 0, 10, false, null, ""),
        vertex("[build 1/2] FROM busybox", 10, 10, true, null, ""),
        vertex("[2/2] RUN make", 10, 60, false, null, "ok\n"),
        vertex("exporting to image", 60, 70, false, null, "")));

    BuildRecord r = BuildRecord.of(one, Duration.ofMillis(70));

    assertThat(r.imageName()).isEmpty();
    assertThat(r.platforms()).singleElement().satisfies(p -> {
      assertThat(p.platform()).isEqualTo("linux/amd64");
      assertThat(p.steps()).extracting(StepRecord::name).containsExactly("[build 1/2] FROM busybox", "[2/2] RUN make");
    });
    assertThat(r.otherSteps()).extracting(StepRecord::name)
        .containsExactly("[internal] load build context", "exporting to image");
    assertThat(r.cacheImportBytes()).isNull();
    assertThat(r.cacheExportBytes()).isNull();
    assertThat(r.hasCacheBytes()).isFalse();
  }

  @Test
  void of_unfinishedStep_isIncompleteAndNotCounted() {
    BuildResult one = new BuildResult(Map.of(Platform.LINUX_AMD64, AMD), AMD, Map.of(), List.of(
        vertex("[1/2] FROM busybox", 0, 5, false, null, ""),
        vertex("[2/2] RUN sleep 100", 5, -1, false, null, "")));

    BuildRecord r = BuildRecord.of(one, Duration.ofSeconds(1));

    assertThat(r.platforms().get(0).steps().get(1).status()).isEqualTo(Status.INCOMPLETE);
    assertThat(r.platforms().get(0).steps().get(1).durationMillis()).isZero();
    assertThat(r.buildSteps()).isEqualTo(1);
  }

  @Test
  void of_longLogs_keepTheEndOfEachStepAndStayWithinTheRecordBudget() {
    String big = "x".repeat(BuildRecord.STEP_LOG_LIMIT) + "THE END\n";
    List<VertexRecord> vs = new ArrayList<>();
    int count = BuildRecord.RECORD_LOG_LIMIT / BuildRecord.STEP_LOG_LIMIT + 5;
    for (int i = 0; i < count; i++) {
      vs.add(vertex("[" + (i + 1) + "/" + count + "] RUN noisy " + i, 0, 1, false, null, big));
    }
    BuildRecord r = BuildRecord.of(new BuildResult(Map.of(Platform.LINUX_AMD64, AMD), AMD, Map.of(), vs), Duration.ZERO);

    List<StepRecord> steps = r.platforms().get(0).steps();
    assertThat(steps.get(0).log()).startsWith("[start of log clipped]\n").endsWith("THE END\n");
    assertThat(steps.get(0).logClipped()).isTrue();
    assertThat(steps.get(count - 1).log()).isEqualTo(RecordBuilder.BUDGET_NOTE);
    assertThat(steps.stream().mapToInt(s -> s.log().length()).sum())
        .isLessThanOrEqualTo(BuildRecord.RECORD_LOG_LIMIT + count * RecordBuilder.BUDGET_NOTE.length());
  }

  @Test
  void writeThenRead_roundTripsThroughSmallJson() throws Exception {
    BuildRecord r = BuildRecord.of(twoPlatformResult(), Duration.ofMillis(3456));
    Path file = temp.resolve("run/multiarch-build/1.json");

    r.write(file);

    assertThat(BuildRecord.read(file)).isEqualTo(r);
    String json = Files.readString(file);
    assertThat(json).contains("\"status\":\"cached\"").contains("\"status\":\"error\"")
        .contains("\"digest\":\"" + INDEX + "\"");
    assertThat(Files.size(file)).isLessThan(8 * 1024);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void read_recordWithoutCacheBytes_readsThemAsAbsent() throws Exception {
    Path file = temp.resolve("r.json");
    Files.writeString(file, "{\"digest\":\"" + AMD + "\",\"platforms\":[{\"platform\":\"linux/amd64\",\"digest\":\""
        + AMD + "\"}],\"buildSteps\":0,\"cachedSteps\":0,\"totalMillis\":5,\"futureField\":1}");

    BuildRecord r = BuildRecord.read(file);

    assertThat(r.cacheImportBytes()).isNull();
    assertThat(r.platforms().get(0).steps()).isEmpty();
    assertThat(r.otherSteps()).isEmpty();
    assertThat(r.cacheHitText()).isEqualTo("–");
  }

  @Test
  void merge_perAgentRecords_givesOnePageWithAllPlatformsUnderTheJoinedDigest() {
    BuildRecord arm = BuildRecord.of(new BuildResult(Map.of(Platform.LINUX_ARM64, ARM), ARM,
        Map.of("image.name", "reg/app:1"), List.of(vertex("[1/2] FROM busybox", 0, 0, true, null, ""),
            vertex("[2/2] RUN make", 0, 900, false, null, "arm\n"), cacheVertex("exporting cache to registry", 10))),
        Duration.ofMillis(900));
    BuildRecord amd = BuildRecord.of(new BuildResult(Map.of(Platform.LINUX_AMD64, AMD), AMD,
        Map.of("image.name", "reg/app:1"), List.of(vertex("[1/2] FROM busybox", 0, 0, false, null, ""),
            vertex("[2/2] RUN make", 0, 500, false, null, "amd\n"))),
        Duration.ofMillis(500));

    BuildRecord joined = BuildRecord.merge(List.of(arm, amd), INDEX.toString(), Duration.ofMillis(1200));

    assertThat(joined.digest()).isEqualTo(INDEX.toString());
    assertThat(joined.imageName()).isEqualTo("reg/app:1");
    assertThat(joined.platforms()).extracting(BuildRecord.PlatformRecord::platform).containsExactly("linux/amd64", "linux/arm64");
    assertThat(joined.platforms().get(1).steps().get(1).log()).isEqualTo("arm\n");
    assertThat(joined.buildSteps()).isEqualTo(4);
    assertThat(joined.cachedSteps()).isEqualTo(1);
    assertThat(joined.cacheExportBytes()).isEqualTo(10);
    assertThat(joined.cacheImportBytes()).isNull();
    assertThat(joined.totalMillis()).isEqualTo(1200);
  }

  @Test
  void javaSerialization_roundTrips_asItMustToCrossTheAgentChannel() throws Exception {
    BuildRecord r = BuildRecord.of(twoPlatformResult(), Duration.ofMillis(3456));
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(r);
    }
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(r);
    }
  }

  @Test
  void of_withSecretValues_masksThemInNamesLogsAndErrorsButKeepsThePlatforms() {
    String secret = "s3cr3t-t0ken";
    String base64 = java.util.Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
    BuildResult result = new BuildResult(Map.of(Platform.LINUX_AMD64, AMD, Platform.LINUX_ARM64, ARM), INDEX, Map.of(),
        List.of(vertex("[linux/amd64 2/2] RUN echo " + secret, 0, 10, false, null, "token=" + secret + "\nauth " + base64 + "\n"),
            vertex("[linux/arm64 2/2] RUN login", 0, 10, false, "login with " + secret + " failed", "")));

    BuildRecord r = BuildRecord.of(result, Duration.ofMillis(10), List.of(secret));

    StepRecord amd = r.platforms().get(0).steps().get(0);
    assertThat(amd.name()).isEqualTo("[linux/amd64 2/2] RUN echo ****");
    assertThat(amd.log()).isEqualTo("token=****\nauth ****\n");
    assertThat(r.platforms().get(1).steps().get(0).error()).isEqualTo("login with **** failed");
    assertThat(r.toString()).doesNotContain(secret).doesNotContain(base64);
  }
}
