package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --no-cache, --no-cache-filter, .dockerignore, --metadata-file and --iidfile. */
class BuildOptionsIT {

  @TempDir static Path cacheDir;
  @TempDir static Path ctx;

  @BeforeAll
  static void components() throws Exception {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s AS first
        RUN echo one > /one.txt

        FROM %s
        COPY --from=first /one.txt /one.txt
        COPY . /ctx/
        RUN ls /ctx > /listing.txt
        """.formatted(TestEnvironment.BASE_IMAGE, TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("kept.txt"), "kept");
    Files.writeString(ctx.resolve("secret.env"), "ignored");
    Files.writeString(ctx.resolve(".dockerignore"), "*.env\n");
    run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()); // warm the cache
  }

  @Test
  void noCache_rerunsEveryStep() {
    BuildResult r = run(request(ctx, cacheDir, Platform.LINUX_AMD64).noCache(true).build());
    assertThat(executed(r)).contains("[first 2/2] RUN echo one > /one.txt", "[stage-1 4/4] RUN ls /ctx > /listing.txt");
  }

  @Test
  void noCacheFilter_rerunsOnlyThatStageAndItsDependants() {
    BuildResult r = run(request(ctx, cacheDir, Platform.LINUX_AMD64).noCacheFilter(List.of("stage-1")).build());
    assertThat(executed(r)).contains("[stage-1 4/4] RUN ls /ctx > /listing.txt")
        .doesNotContain("[first 2/2] RUN echo one > /one.txt");
  }

  @Test
  void dockerignore_excludedFileIsNotCopied_andMetadataAndIidFilesAreWritten(@TempDir Path out) throws Exception {
    Path meta = out.resolve("meta.json");
    Path iid = out.resolve("iid");
    Path dir = out.resolve("fs");
    BuildResult r = run(request(ctx, cacheDir, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=local,dest=" + dir)).metadataFile(meta).iidFile(iid).build());

    assertThat(dir.resolve("ctx/kept.txt")).hasContent("kept");
    assertThat(dir.resolve("ctx/secret.env")).doesNotExist();
    assertThat(Files.readString(dir.resolve("listing.txt"))).contains("kept.txt").doesNotContain("secret.env");
    assertThat(Files.readString(meta)).contains("\"containerimage.digest\" : \"" + r.digest() + "\"");
    assertThat(Files.readString(iid)).startsWith("sha256:").isEqualTo(r.metadata().get("containerimage.config.digest"));
  }
}
