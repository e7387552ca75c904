package io.multiarchbuild.jenkins.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.build.Build;
import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.build.BuildResult;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressSinks;
import io.multiarchbuild.jenkins.page.BuildRecord.Status;
import io.multiarchbuild.jenkins.page.BuildRecord.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record of a real two-platform engine build (runc, qemu for arm64, the plain test registry at
 * 127.0.0.1:5000 with its busybox base image): the engine's own vertex names must land on the right
 * platform, and a rebuild from the same cache must show as cached.
 */
class BuildRecordIT {

  @TempDir Path cacheDir;
  @TempDir Path context;
  @TempDir Path runDir;

  private BuildResult build(String ref) {
    BuildRequest request = BuildRequest.builder().contextDir(context).cacheDir(cacheDir)
        .platforms(List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64))
        .output(OutputSpec.parse("type=registry,name=" + ref)).build();
    return Build.run(request, ProgressSinks.discard());
  }

  @Test
  void of_realTwoPlatformBuild_recordsEachPlatformsStepsLogsAndCacheHitsOnRebuild() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), """
        FROM 127.0.0.1:5000/test/busybox:1
        ARG TARGETARCH
        RUN echo "step log for $TARGETARCH <ok>"
        COPY Dockerfile /Dockerfile
        """);
    String ref = "127.0.0.1:5000/it/page-record:" + UUID.randomUUID().toString().substring(0, 12);

    BuildRecord first = BuildRecord.of(build(ref), Duration.ofSeconds(7));

    assertThat(first.imageName()).isEqualTo(ref);
    assertThat(first.platforms()).extracting(BuildRecord.PlatformRecord::platform).containsExactly("linux/amd64", "linux/arm64");
    for (BuildRecord.PlatformRecord p : first.platforms()) {
      String arch = p.platform().substring("linux/".length());
      assertThat(p.digest()).startsWith("sha256:");
      StepRecord run = p.steps().stream().filter(s -> s.name().contains("RUN echo")).findFirst().orElseThrow();
      assertThat(run.name()).startsWith("[" + p.platform() + " ");
      assertThat(run.status()).isEqualTo(Status.DONE);
      assertThat(run.log()).contains("step log for " + arch + " <ok>");
      assertThat(p.steps()).anySatisfy(s -> assertThat(s.name()).contains("COPY Dockerfile"));
    }
    assertThat(first.otherSteps()).anySatisfy(s -> assertThat(s.name()).startsWith("exporting"));
    assertThat(first.buildSteps()).isGreaterThanOrEqualTo(6);

    BuildRecord second = BuildRecord.of(build(ref), Duration.ofSeconds(1));

    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.platforms()).allSatisfy(p -> assertThat(p.steps())
        .filteredOn(s -> s.name().contains("RUN echo") || s.name().contains("COPY Dockerfile"))
        .extracting(StepRecord::status).containsOnly(Status.CACHED));
    assertThat(second.cachedSteps()).isGreaterThan(first.cachedSteps());

    MultiArchBuildAction action = MultiArchBuildAction.save(runDir, 1, second);
    assertThat(BuildRecord.read(runDir.resolve(action.getRecordFile()))).isEqualTo(second);
    assertThat(action.getPlatforms()).containsOnlyKeys("linux/amd64", "linux/arm64");
  }
}
