package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code COPY --link --chown}: a linked copy is made on an empty file system, so (as in BuildKit) only
 * numeric ids and {@code root} work; a user or group name is a Dockerfile error naming the line,
 * unless {@code --chmod} is given too, which makes BuildKit copy without linking (names resolve).
 */
class LinkChownIT {

  @TempDir static Path cacheDir;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireQemuBinfmt("aarch64");
    TestEnvironment.requireDocker();
  }

  @Test
  void copyLink_chownByName_isDockerfileErrorNamingTheLine(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("a"), "a");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nCOPY a /a\nCOPY --link --chown=nobody:root a /b\n");

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .isInstanceOf(UserError.class)
        .hasMessage("Dockerfile:3: COPY --link --chown=nobody:root: a linked copy can't look up the name \"nobody\" (it is made"
            + " without the stage's /etc/passwd and /etc/group); use numeric ids such as --chown=1000:1000, or drop --link");
  }

  @Test
  void addLink_chownByGroupName_isDockerfileError(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("a"), "a");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nADD --link --chown=1000:nogroup a /b\n");

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("Dockerfile:2: ADD --link --chown=1000:nogroup: a linked copy can't look up the name \"nogroup\"");
  }

  @Test
  void copyLink_numericRootAndChmodWithName_ownersAsBuildKit(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("a"), "a");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\n"
        + "COPY --link --chown=1000:1000 a /n\n"
        + "COPY --link --chown=root a /r\n"
        + "COPY --link --chmod=600 --chown=nobody a /c\n");
    String ref = TestEnvironment.PLAIN_REGISTRY + "/it/link-chown:" + uniqueTag();

    run(request(ctx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).output(push(ref)).build());

    for (String platform : List.of("linux/amd64", "linux/arm64")) {
      Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", platform, ref,
          "stat", "-c", "%n %u:%g %a", "/n", "/r", "/c").assertSuccess();
      assertThat(r.stdout()).as(platform).isEqualTo("/n 1000:1000 644\n/r 0:0 644\n/c 65534:65534 600\n");
    }
  }
}
