package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --build-context name=DIR|docker-image://REF in FROM and COPY --from, built with runc. */
class NamedContextIT {

  @TempDir static Path cacheDir;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
  }

  @Test
  void namedContexts_imageForFromAndLocalDirForCopy_winOverStageAndImageNames(@TempDir Path ctx, @TempDir Path src, @TempDir Path out)
      throws Exception {
    // "mybase" is no image anywhere and the stage "src" would fail: both must come from the named contexts.
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM mybase AS src
        RUN false

        FROM mybase
        COPY --from=src hello.txt /hello.txt
        COPY --from=src . /all/
        COPY --from=tools /bin/busybox /tools/busybox
        RUN cat /hello.txt > /out.txt && /tools/busybox true
        """);
    Files.writeString(src.resolve("hello.txt"), "hello from src");
    Files.writeString(src.resolve("secret.txt"), "no");
    Files.writeString(src.resolve(".dockerignore"), "secret.txt\n");
    BuildRequest.Builder req = request(ctx, cacheDir, Platform.LINUX_AMD64)
        .buildContext("mybase", "docker-image://" + TestEnvironment.BASE_IMAGE)
        .buildContext("tools", "docker-image://" + TestEnvironment.BASE_IMAGE)
        .buildContext("src", src.toString());

    run(req.output(OutputSpec.parse("type=local,dest=" + out)).build());
    Files.writeString(src.resolve("hello.txt"), "changed");
    BuildResult again = run(request(ctx, cacheDir, Platform.LINUX_AMD64)
        .buildContext("mybase", "docker-image://" + TestEnvironment.BASE_IMAGE)
        .buildContext("tools", "docker-image://" + TestEnvironment.BASE_IMAGE)
        .buildContext("src", src.toString()).build());

    assertThat(out.resolve("out.txt")).hasContent("hello from src");
    assertThat(out.resolve("all/hello.txt")).exists();
    assertThat(out.resolve("all/secret.txt")).doesNotExist(); // the named context's own .dockerignore
    assertThat(out.resolve("tools/busybox")).exists();
    assertThat(executed(again)).anyMatch(n -> n.contains("COPY --from=src hello.txt")).noneMatch(n -> n.contains("FROM"));
  }

  @Test
  void namedContext_missingDirectory_errorNamesFlag(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\n");
    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildContext("x", ctx.resolve("nope").toString()).build()))
        .isInstanceOf(BuildError.class)
        .hasMessageStartingWith("--build-context x=" + ctx.resolve("nope") + ": ")
        .hasMessageEndingWith("is not a directory");
  }

  /**
   * As BuildKit: FROM a local named context starts the stage from the directory's files (its own
   * .dockerignore applies) with an empty config; later steps and other stages build on it.
   */
  @Test
  void namedLocalContext_asFromBase_stageStartsFromTheDirectorysFiles(@TempDir Path ctx, @TempDir Path dir, @TempDir Path out)
      throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM rootfs AS files
        COPY extra.txt /extra.txt

        FROM %s
        COPY --from=files / /imported/
        RUN cat /imported/hello.txt /imported/sub/deep.txt /imported/extra.txt > /out.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("extra.txt"), "+extra");
    Files.writeString(dir.resolve("hello.txt"), "hello");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/deep.txt"), "+deep");
    Files.writeString(dir.resolve("ignored.txt"), "no");
    Files.writeString(dir.resolve(".dockerignore"), "ignored.txt\n");
    Path files = out.resolve("files");
    Path all = out.resolve("all");

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildContext("rootfs", dir.toString()).target("files")
        .output(OutputSpec.parse("type=local,dest=" + files)).build());
    run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildContext("rootfs", dir.toString())
        .output(OutputSpec.parse("type=local,dest=" + all)).build());

    assertThat(files.resolve("hello.txt")).hasContent("hello");
    assertThat(files.resolve("sub/deep.txt")).hasContent("+deep");
    assertThat(files.resolve("extra.txt")).hasContent("+extra");
    assertThat(files.resolve("ignored.txt")).doesNotExist();
    assertThat(all.resolve("out.txt")).hasContent("hello+deep+extra");
  }

  @Test
  void namedOciLayoutContext_tagPinnedAndUsedByFromAndCopyFrom(@TempDir Path first, @TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(first.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nCOPY marker.txt /marker.txt\n");
    Files.writeString(first.resolve("marker.txt"), "from the layout");
    Path layout = out.resolve("layout");
    run(request(first, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=oci,tar=false,dest=" + layout + ",name=it/layout:v1")).build());
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM base
        COPY --from=base /marker.txt /copied.txt
        RUN cat /marker.txt /copied.txt > /both.txt
        """);
    Path fs = out.resolve("fs");

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildContext("base", "oci-layout://" + layout + ":v1")
        .output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(fs.resolve("both.txt")).hasContent("from the layoutfrom the layout");
    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildContext("base", "oci-layout://" + layout + ":nope").build()))
        .hasMessageContaining("nope");
  }
}
