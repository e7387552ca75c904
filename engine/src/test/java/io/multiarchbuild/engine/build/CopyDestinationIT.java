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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative and absolute COPY/ADD destinations with and without a trailing slash, {@code .}, {@code ..},
 * missing and existing directories, several sources and a wildcard (resources {@code copy-dest/}): the
 * file tree is the one Docker's BuildKit makes from the same Dockerfile (recorded in
 * {@code expected-tree.txt} and checked against the live BuildKit too).
 */
class CopyDestinationIT {

  @TempDir static Path cacheDir;
  private static final String PROBE = "cd /w && find . /abs /absdir | sort";

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireDocker();
  }

  @Test
  void copyAndAdd_destinationForms_sameTreeAsBuildKit(@TempDir Path ctx) throws IOException {
    Files.writeString(ctx.resolve("Dockerfile"), resource("Dockerfile"));
    Files.writeString(ctx.resolve("a"), "a\n");
    Files.writeString(ctx.resolve("b"), "b\n");
    Files.createDirectories(ctx.resolve("d/inner"));
    Files.writeString(ctx.resolve("d/f"), "dd\n");
    Files.writeString(ctx.resolve("d/inner/g"), "ii\n");
    Files.createDirectories(ctx.resolve("t"));
    Cmd.runChecked("tar", "-czf", ctx.resolve("t.tar.gz").toString(), "-C", ctx.toString(), "a", "b");
    String expected = resource("expected-tree.txt");

    String ours = TestEnvironment.PLAIN_REGISTRY + "/it/copy-dest:" + uniqueTag();
    run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildArg("BASE", TestEnvironment.BASE_IMAGE).output(push(ours)).build());
    Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", ours, "sh", "-c", PROBE).assertSuccess();
    assertThat(r.stdout()).isEqualTo(expected);

    String theirs = "it-copy-dest-buildkit:" + uniqueTag();
    Cmd.run(List.of(TestEnvironment.DOCKER, "build", "-q", "--build-arg", "BASE=" + TestEnvironment.BASE_IMAGE, "-t", theirs,
        ctx.toString()), Duration.ofMinutes(3), null, Map.of("DOCKER_BUILDKIT", "1"), null).assertSuccess();
    try {
      assertThat(Cmd.run(TestEnvironment.DOCKER, "run", "--rm", theirs, "sh", "-c", PROBE).assertSuccess().stdout())
          .as("BuildKit").isEqualTo(expected);
    } finally {
      Cmd.run(TestEnvironment.DOCKER, "rmi", theirs);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CopyDestinationIT.class.getResourceAsStream("/copy-dest/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource copy-dest/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
