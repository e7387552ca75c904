package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [internal] vertices BuildKit prints around a build, in our progress stream. */
class InternalVerticesIT {

  @TempDir static Path cacheDir;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
  }

  static List<String> names(BuildResult r) {
    return r.vertices().stream().map(v -> v.vertex().name()).toList();
  }

  static boolean cached(BuildResult r, String name) {
    return r.vertices().stream().filter(v -> v.vertex().name().equals(name)).map(ProgressRecorder.VertexRecord::vertex).allMatch(v -> v.cached());
  }

  @Test
  void build_twoPlatforms_loadsDefinitionIgnoreContextAndMetadataPerPlatform_metadataCachedOnRebuild(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nCOPY a.txt /a.txt\n");
    Files.writeString(ctx.resolve("a.txt"), "a");
    Files.writeString(ctx.resolve(".dockerignore"), "*.tmp\n");
    String amd = "[linux/amd64 internal] load metadata for " + TestEnvironment.BASE_IMAGE;
    String arm = "[linux/arm64 internal] load metadata for " + TestEnvironment.BASE_IMAGE;

    BuildResult first = run(request(ctx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).build());
    BuildResult second = run(request(ctx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).build());

    List<String> n = names(first);
    assertThat(n).contains("[internal] load build definition from Dockerfile", "[internal] load .dockerignore",
        "[internal] load build context", amd, arm);
    assertThat(n.indexOf(amd)).isLessThan(n.indexOf("[linux/amd64 1/2] FROM " + TestEnvironment.BASE_IMAGE));
    assertThat(cached(first, amd)).isFalse();
    assertThat(cached(second, amd)).isTrue();
    assertThat(cached(second, arm)).isTrue();
  }

  @Test
  void build_onePlatform_metadataVertexHasNoPlatform_andAMissingTagFailsThere(@TempDir Path ctx) throws Exception {
    String missing = TestEnvironment.PLAIN_REGISTRY + "/test/busybox:no-such-tag";
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + missing + "\n");

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageStartingWith("[internal] load metadata for " + missing + ": ");
  }
}
