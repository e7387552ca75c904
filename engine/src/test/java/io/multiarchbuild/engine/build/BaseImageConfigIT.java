package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage built FROM an image reads the image's config as BuildKit does: relative COPY destinations,
 * RUN's directory and a relative WORKDIR start at its WorkingDir, {@code $VAR} sees its ENV and
 * WORKDIR directories belong to its USER; a stage FROM that stage inherits all of it. Checked by
 * running the pushed image on both platforms and comparing with Docker's own BuildKit.
 */
class BaseImageConfigIT {

  @TempDir static Path cacheDir;

  /** What the image's files say about where each step put things. */
  private static final String PROBE =
      "find /app /opt/x -type f | sort; cat /app/pwd1 /app/sub/pwd2; stat -c %u /app/sub; pwd";

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireQemuBinfmt("aarch64");
    TestEnvironment.requireDocker();
  }

  @Test
  void from_imageWithWorkingDirEnvAndUser_relativePathsVariablesAndOwnersFollowIt_asBuildKit(@TempDir Path work) throws IOException {
    String base = TestEnvironment.PLAIN_REGISTRY + "/it/workdir-base:" + uniqueTag();
    publish(base, "/app", work.resolve("base"));
    Path ctx = Files.createDirectories(work.resolve("consumer"));
    Files.writeString(ctx.resolve("a"), "a\n");
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %1$s AS one
        COPY a .
        COPY a $DIR/
        RUN pwd > pwd1
        WORKDIR sub
        RUN pwd > pwd2
        FROM one AS two
        COPY a d
        FROM %1$s AS three
        COPY a x
        FROM two
        COPY --from=three /app/x /app/sub/x
        """.formatted(base));
    String ours = TestEnvironment.PLAIN_REGISTRY + "/it/workdir-consumer:" + uniqueTag();
    run(request(ctx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).output(push(ours)).build());

    String expected = """
        /app/a
        /app/pwd1
        /app/sub/d
        /app/sub/pwd2
        /app/sub/x
        /opt/x/a
        /app
        /app/sub
        65534
        /app/sub
        """;
    for (String platform : List.of("linux/amd64", "linux/arm64")) {
      Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", platform, "--user", "0",
          ours, "sh", "-c", PROBE).assertSuccess();
      assertThat(r.stdout()).as(platform).isEqualTo(expected);
    }
    // the reference: the same Dockerfile through Docker's BuildKit (amd64)
    String theirs = "it-workdir-buildkit:" + uniqueTag();
    Cmd.run(List.of(TestEnvironment.DOCKER, "build", "-q", "-t", theirs, ctx.toString()), Duration.ofMinutes(3), null,
        Map.of("DOCKER_BUILDKIT", "1"), null).assertSuccess();
    try {
      Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--user", "0", theirs, "sh", "-c", PROBE).assertSuccess();
      assertThat(r.stdout()).as("BuildKit").isEqualTo(expected);
    } finally {
      Cmd.run(TestEnvironment.DOCKER, "rmi", theirs);
    }
  }

  @Test
  void from_imageWithWorkingDir_configKeepsItAndUserIsTheImages(@TempDir Path work) throws IOException {
    String base = TestEnvironment.PLAIN_REGISTRY + "/it/workdir-base:" + uniqueTag();
    publish(base, "/app", work.resolve("base"));
    Path ctx = Files.createDirectories(work.resolve("consumer"));
    Files.writeString(ctx.resolve("a"), "a\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY a .\n");
    String ours = TestEnvironment.PLAIN_REGISTRY + "/it/workdir-consumer:" + uniqueTag();
    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(push(ours)).build());

    Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", ours, "sh", "-c", "pwd; id -u; ls").assertSuccess();
    assertThat(r.stdout()).isEqualTo("/app\n65534\na\n");
  }

  /**
   * The same Dockerfile on a base whose WorkingDir changed (the tag moved) is not answered from the
   * cache: {@code COPY --link a .} (a layer keyed without its base) lands in the new directory.
   */
  @Test
  void from_tagMovedToAnImageWithAnotherWorkingDir_linkedRelativeCopyFollowsIt(@TempDir Path work) throws IOException {
    String base = TestEnvironment.PLAIN_REGISTRY + "/it/workdir-base:" + uniqueTag();
    Path ctx = Files.createDirectories(work.resolve("consumer"));
    Files.writeString(ctx.resolve("a"), "a\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nCOPY --link a .\n");
    Path cache = work.resolve("cache");

    publish(base, "/app", work.resolve("base1"));
    Path out1 = work.resolve("out1");
    run(request(ctx, cache, Platform.LINUX_AMD64).output(io.multiarchbuild.engine.export.OutputSpec.parse("type=local,dest=" + out1)).build());
    publish(base, "/srv", work.resolve("base2"));
    Path out2 = work.resolve("out2");
    run(request(ctx, cache, Platform.LINUX_AMD64).pull(true)
        .output(io.multiarchbuild.engine.export.OutputSpec.parse("type=local,dest=" + out2)).build());

    assertThat(out1.resolve("app/a")).hasContent("a\n");
    assertThat(out2.resolve("srv/a")).hasContent("a\n");
    assertThat(out2.resolve("app/a")).doesNotExist();
  }

  /** As BuildKit: the FROM image's ONBUILD triggers run right after the FROM, with this build's context; the result has none. */
  @Test
  void from_imageWithOnbuildTriggers_runsThemWithThisContext_asBuildKit(@TempDir Path work) throws IOException {
    String base = TestEnvironment.PLAIN_REGISTRY + "/it/onbuild-base:" + uniqueTag();
    Path baseCtx = Files.createDirectories(work.resolve("base"));
    Files.writeString(baseCtx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE
        + "\nWORKDIR /w\nONBUILD COPY a .\nONBUILD RUN cat a > /triggered\n");
    run(request(baseCtx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).output(push(base)).build());
    Path ctx = Files.createDirectories(work.resolve("consumer"));
    Files.writeString(ctx.resolve("a"), "from the consumer\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN cat /triggered /w/a > /both\n");
    String ours = TestEnvironment.PLAIN_REGISTRY + "/it/onbuild-consumer:" + uniqueTag();

    run(request(ctx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).output(push(ours)).build());

    String expected = "from the consumer\nfrom the consumer\n";
    for (String platform : List.of("linux/amd64", "linux/arm64")) {
      Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", platform, ours, "cat", "/both")
          .assertSuccess();
      assertThat(r.stdout()).as(platform).isEqualTo(expected);
    }
    assertThat(Cmd.run(TestEnvironment.DOCKER, "inspect", "-f", "{{json .Config.OnBuild}}", ours).assertSuccess().stdout().strip())
        .isEqualTo("null");
    String theirs = "it-onbuild-buildkit:" + uniqueTag();
    Cmd.run(List.of(TestEnvironment.DOCKER, "build", "-q", "-t", theirs, ctx.toString()), Duration.ofMinutes(3), null,
        Map.of("DOCKER_BUILDKIT", "1"), null).assertSuccess();
    try {
      assertThat(Cmd.run(TestEnvironment.DOCKER, "run", "--rm", theirs, "cat", "/both").assertSuccess().stdout()).as("BuildKit")
          .isEqualTo(expected);
    } finally {
      Cmd.run(TestEnvironment.DOCKER, "rmi", theirs);
    }
  }

  /** As BuildKit: an image built FROM scratch has the default PATH and WorkingDir / in its config. */
  @Test
  void from_scratch_configHasDefaultPathAndRootWorkingDir_asBuildKit(@TempDir Path ctx) throws IOException {
    Files.writeString(ctx.resolve("a"), "a\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a /a\n");
    String ours = TestEnvironment.PLAIN_REGISTRY + "/it/scratch-config:" + uniqueTag();
    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(push(ours)).build());
    Cmd.run(TestEnvironment.DOCKER, "pull", "-q", ours).assertSuccess();
    String theirs = "it-scratch-config-buildkit:" + uniqueTag();
    Cmd.run(List.of(TestEnvironment.DOCKER, "build", "-q", "-t", theirs, ctx.toString()), Duration.ofMinutes(3), null,
        Map.of("DOCKER_BUILDKIT", "1"), null).assertSuccess();
    try {
      String format = "{{json .Config.Env}} {{json .Config.WorkingDir}}";
      String expected = "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"] \"/\"";
      assertThat(Cmd.run(TestEnvironment.DOCKER, "inspect", "-f", format, theirs).assertSuccess().stdout().strip()).as("BuildKit")
          .isEqualTo(expected);
      assertThat(Cmd.run(TestEnvironment.DOCKER, "inspect", "-f", format, ours).assertSuccess().stdout().strip()).isEqualTo(expected);
    } finally {
      Cmd.run(TestEnvironment.DOCKER, "rmi", theirs);
    }
  }

  /** Pushes (both platforms) an image FROM the test base with ENV DIR=/opt/x, USER nobody and WORKDIR {@code workdir}. */
  private static void publish(String ref, String workdir, Path ctx) throws IOException {
    Files.createDirectories(ctx);
    Files.writeString(ctx.resolve("Dockerfile"),
        "FROM " + TestEnvironment.BASE_IMAGE + "\nENV DIR=/opt/x\nUSER nobody\nWORKDIR " + workdir + "\n");
    run(request(ctx, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).output(push(ref)).build());
  }
}
