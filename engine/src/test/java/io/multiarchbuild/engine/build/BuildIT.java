package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.HELLO;
import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.steps;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end builds against the real registry, runc, qemu, docker and umoci. */
class BuildIT {

  @TempDir static Path cacheDir;
  /** Caches of tests that need one of their own (a cache dir holds nothing but cache entries). */
  @TempDir static Path otherCaches;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireQemuBinfmt("aarch64");
    TestEnvironment.requireDocker();
    TestEnvironment.requireUmoci();
  }

  @Test
  void helloExample_twoPlatformsPushed_runsOnEachWithItsOwnArchitecture() {
    String ref = TestEnvironment.PLAIN_REGISTRY + "/it/hello:" + uniqueTag();
    BuildResult r = run(request(HELLO, cacheDir, Platform.LINUX_AMD64, Platform.LINUX_ARM64).output(push(ref)).build());

    assertThat(r.manifests()).containsOnlyKeys(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    assertThat(r.metadata()).containsEntry("containerimage.digest", r.digest().toString());
    Cmd.Result amd = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", "linux/amd64", ref).assertSuccess();
    assertThat(amd.stdout()).contains("Hello from multiarch-build.").contains("built for linux/amd64 on x86_64");
    Cmd.Result arm = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", "linux/arm64", ref).assertSuccess();
    assertThat(arm.stdout()).contains("built for linux/arm64 on aarch64"); // the RUN really ran under qemu
    Cmd.Result user = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--platform", "linux/amd64", ref, "id", "-u").assertSuccess();
    assertThat(user.stdout().strip()).isEqualTo("65534");
  }

  @Test
  void multiStage_argsWorkdirUserHeredocCopyFromEnv_allInTheImage(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        ARG BASE=%s
        FROM ${BASE} AS tools
        ARG GREETING=hi
        RUN <<EOF
        mkdir -p /out
        echo "$GREETING from tools" > /out/msg
        EOF

        FROM ${BASE}
        ENV APP_HOME=/app MODE=test
        WORKDIR $APP_HOME
        COPY --from=tools /out/msg ./msg
        COPY --chown=app:app data/ ./data/
        USER app
        RUN id -un > whoami.txt 2>&1 || true
        CMD ["sh", "-c", "cat /app/msg; echo mode=$MODE; id -un; pwd; ls -ln /app/data | tail -1"]
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.createDirectories(ctx.resolve("data"));
    Files.writeString(ctx.resolve("data/file.txt"), "data\n");
    String ref = TestEnvironment.PLAIN_REGISTRY + "/it/multistage:" + uniqueTag();

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildArg("GREETING", "hello").output(push(ref)).build());

    Cmd.Result out = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", ref).assertSuccess();
    assertThat(out.stdout()).contains("hello from tools").contains("mode=test").contains("app").contains("/app")
        .containsPattern("1000\\s+1000.*file.txt");
  }

  @Test
  void load_singlePlatform_imageRunsInDocker() {
    String name = "multiarch-build-it/hello:" + uniqueTag();
    run(request(HELLO, cacheDir, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=docker,name=" + name)).build());

    Cmd.Result out = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", name).assertSuccess();
    assertThat(out.stdout()).contains("built for linux/amd64 on x86_64");
    Cmd.run(TestEnvironment.DOCKER, "rmi", name);
  }

  @Test
  void addLocalTar_isExtracted_copyWildcardAndChmod(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Path src = Files.createDirectories(out.resolve("src/pkg"));
    Files.writeString(src.resolve("inner.txt"), "inner\n");
    Cmd.run("tar", "-C", out.resolve("src").toString(), "-czf", ctx.resolve("pkg.tgz").toString(), "pkg").assertSuccess();
    Files.writeString(ctx.resolve("one.sh"), "echo one\n");
    Files.writeString(ctx.resolve("two.sh"), "echo two\n");
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        ADD pkg.tgz /opt/
        COPY --chmod=750 *.sh /scripts/
        RUN cat /opt/pkg/inner.txt && /scripts/one.sh && /scripts/two.sh > /ran.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path fs = out.resolve("fs");

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(fs.resolve("opt/pkg/inner.txt")).hasContent("inner");
    assertThat(fs.resolve("opt/pkg.tgz")).doesNotExist();
    assertThat(fs.resolve("ran.txt")).hasContent("two");
    assertThat(Files.getPosixFilePermissions(fs.resolve("scripts/one.sh")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
  }

  @Test
  void ociOutput_unpackedByUmoci_hasTheBuiltFiles(@TempDir Path out) throws Exception {
    Path tar = out.resolve("hello.tar");
    run(request(HELLO, cacheDir, Platform.LINUX_ARM64).tags(java.util.List.of("hello:latest"))
        .output(OutputSpec.parse("type=oci,dest=" + tar + ",name=hello:latest")).build());

    Path layout = Files.createDirectories(out.resolve("layout"));
    Cmd.run("tar", "-C", layout.toString(), "-xf", tar.toString()).assertSuccess();
    Cmd.run(TestEnvironment.UMOCI, "unpack", "--image", layout + ":latest", out.resolve("bundle").toString()).assertSuccess();
    assertThat(Files.readString(out.resolve("bundle/rootfs/etc/hello.txt")))
        .isEqualTo("Hello from multiarch-build.\nbuilt for linux/arm64 on aarch64\n");
    assertThat(Files.readString(out.resolve("bundle/config.json"))).contains("\"uid\": 65534").contains("cat");
  }

  @Test
  void rebuild_unchanged_everyStepCachedAndSameDigest_changedFile_onlyDependantsRerun(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        COPY a.txt /a.txt
        RUN cat /a.txt > /a-copy.txt
        COPY b.txt /b.txt
        RUN cat /b.txt > /b-copy.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("a.txt"), "a\n");
    Files.writeString(ctx.resolve("b.txt"), "b\n");
    Path cache = Files.createDirectories(otherCaches.resolve("rebuild"));

    BuildResult first = run(request(ctx, cache, Platform.LINUX_AMD64).build());
    BuildResult second = run(request(ctx, cache, Platform.LINUX_AMD64).build());
    assertThat(executed(second)).isEmpty();
    assertThat(steps(second)).isNotEmpty().allMatch(v -> v.vertex().cached());
    assertThat(second.digest()).isEqualTo(first.digest());

    Files.writeString(ctx.resolve("b.txt"), "b changed\n");
    BuildResult third = run(request(ctx, cache, Platform.LINUX_AMD64).build());
    assertThat(executed(third)).containsExactlyInAnyOrder("[4/5] COPY b.txt /b.txt", "[5/5] RUN cat /b.txt > /b-copy.txt");
    assertThat(third.digest()).isNotEqualTo(first.digest());
  }

  @Test
  void independentStages_fourRunSteps_runAtTheSameTime(@TempDir Path ctx, @TempDir Path out) throws Exception {
    // Each RUN announces itself in a shared cache mount and then waits for the other three: the
    // build finishes only if all four containers run at once (as in BuildKit), and fails after a
    // minute if the solver holds some back until others end (it ran only two at a time before).
    StringBuilder dockerfile = new StringBuilder();
    for (String stage : java.util.List.of("s1", "s2", "s3", "s4")) {
      dockerfile.append("""
          FROM %s AS %s
          RUN --mount=type=cache,id=rendezvous,target=/meet,sharing=shared \
              touch /meet/%s && i=0 && while [ "$(ls /meet | wc -l)" -lt 4 ]; do \
              i=$((i+1)); [ $i -le 600 ] || { echo "only $(ls /meet) arrived" >&2; exit 1; }; sleep 0.1; done \
              && echo %s > /out
          """.formatted(TestEnvironment.BASE_IMAGE, stage, stage, stage));
    }
    dockerfile.append("FROM %s%n".formatted(TestEnvironment.BASE_IMAGE));
    for (String stage : java.util.List.of("s1", "s2", "s3", "s4")) {
      dockerfile.append("COPY --from=%s /out /%s.out%n".formatted(stage, stage));
    }
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile.toString());
    Path fs = out.resolve("fs");

    run(request(ctx, Files.createDirectories(otherCaches.resolve("rendezvous")), Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=local,dest=" + fs)).build());

    for (String stage : java.util.List.of("s1", "s2", "s3", "s4")) {
      assertThat(fs.resolve(stage + ".out")).hasContent(stage);
    }
  }
}
