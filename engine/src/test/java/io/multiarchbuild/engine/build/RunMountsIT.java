package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.LogEvent;
import io.multiarchbuild.engine.progress.ProgressEvent;
import io.multiarchbuild.engine.progress.ProgressSink;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RUN --mount=type=secret/cache/bind/tmpfs in real runc (amd64, and arm64 through qemu). */
class RunMountsIT {

  static final String TOKEN = "s3cr3t-file-value-4711";
  static final String API_TOKEN = "env-secret-value-0815";

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireQemuBinfmt("aarch64");
  }

  static SecretStore secrets(String file, String env) {
    return SecretStore.builder(Map.of()).add("token", file.getBytes(StandardCharsets.UTF_8))
        .add("api", env.toCharArray()).build();
  }

  static String sha256(String s) {
    return Digest.sha256(s).hex();
  }

  static final String SECRET_DOCKERFILE = """
      FROM %s
      RUN --mount=type=secret,id=token,mode=0440,uid=1000,gid=1000 \\
          --mount=type=secret,id=api,env=API_TOKEN,required=true \\
          sha256sum /run/secrets/token | cut -d' ' -f1 > /file.sum && \\
          printf %%s "$API_TOKEN" | sha256sum | cut -d' ' -f1 > /env.sum && \\
          stat -c '%%a %%u %%g' /run/secrets/token > /file.stat && \\
          (echo more > /run/secrets/token 2>/dev/null && echo writable || echo read-only) > /file.rw && \\
          cat /run/secrets/token && echo "token in env: $API_TOKEN"
      """;

  @Test
  void secretMounts_fileAndEnv_amd64_seenByRunButNotInTheImage(@TempDir Path ctx, @TempDir Path cache, @TempDir Path out)
      throws Exception {
    assertSecretsWork(Platform.LINUX_AMD64, ctx, cache, out);
  }

  @Test
  void secretMounts_fileAndEnv_arm64UnderQemu_seenByRunButNotInTheImage(@TempDir Path ctx, @TempDir Path cache,
      @TempDir Path out) throws Exception {
    assertSecretsWork(Platform.LINUX_ARM64, ctx, cache, out);
  }

  private static void assertSecretsWork(Platform platform, Path ctx, Path cache, Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), SECRET_DOCKERFILE.formatted(TestEnvironment.BASE_IMAGE));
    Path fs = out.resolve("fs");
    Capture capture = new Capture();

    try (SecretStore store = secrets(TOKEN, API_TOKEN)) {
      Build.run(request(ctx, cache, platform).secrets(store)
          .output(OutputSpec.parse("type=local,dest=" + fs)).build(), capture);
    }

    assertThat(fs.resolve("file.sum")).hasContent(sha256(TOKEN));
    assertThat(fs.resolve("env.sum")).hasContent(sha256(API_TOKEN));
    assertThat(fs.resolve("file.stat")).hasContent("440 1000 1000");
    assertThat(fs.resolve("file.rw")).hasContent("read-only");
    assertThat(fs.resolve("run")).as("the secret's mount point leaves no trace").doesNotExist();
    String logs = capture.logs();
    assertThat(logs).contains("****").contains("token in env: ****").doesNotContain(TOKEN).doesNotContain(API_TOKEN);
  }

  @Test
  void secretMount_requiredButNotProvided_failsNamingTheId(@TempDir Path ctx, @TempDir Path cache) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=secret,id=npm_token,required cat /run/secrets/npm_token
        """.formatted(TestEnvironment.BASE_IMAGE));

    assertThatThrownBy(() -> BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).build()))
        .isInstanceOf(io.multiarchbuild.engine.common.UserError.class)
        .hasMessageContaining("secret \"npm_token\" is required")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void secretMount_optionalAndNotProvided_runsWithoutTheFile(@TempDir Path ctx, @TempDir Path cache, @TempDir Path out)
      throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=secret,id=absent (test -e /run/secrets/absent && echo there || echo absent) > /r
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path fs = out.resolve("fs");

    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(fs.resolve("r")).hasContent("absent");
  }

  @Test
  void cacheMount_persistsAcrossBuilds_andIsNeverInTheLayer(@TempDir Path ctx, @TempDir Path cache, @TempDir Path out)
      throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=cache,target=/var/cache/app,uid=1000,mode=0700 \\
            echo run >> /var/cache/app/runs && wc -l < /var/cache/app/runs > /seen && \\
            stat -c '%%a %%u' /var/cache/app > /cache.stat
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path first = out.resolve("first");
    Path second = out.resolve("second");

    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + first)).build());
    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).noCache(true)
        .output(OutputSpec.parse("type=local,dest=" + second)).build());

    assertThat(first.resolve("seen")).hasContent("1");
    assertThat(second.resolve("seen")).hasContent("2");
    assertThat(second.resolve("cache.stat")).hasContent("700 1000");
    assertThat(second.resolve("var")).as("the cache mount point leaves no trace").doesNotExist();
    Path dir = cache.resolve("mounts").resolve(Digest.sha256("/var/cache/app").hex());
    assertThat(dir.resolve("runs")).hasContent("run\nrun");
  }

  @Test
  void cacheMount_fromStage_seedsANewCache_readonlyRefusesWrites(@TempDir Path ctx, @TempDir Path cache,
      @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %1$s AS seed
        RUN mkdir -p /deps && echo seeded > /deps/pkg.txt
        FROM %1$s
        RUN --mount=type=cache,id=deps,target=/deps,from=seed,source=/deps cat /deps/pkg.txt > /seen
        RUN --mount=type=cache,id=deps,target=/deps,ro (touch /deps/x 2>/dev/null && echo writable || echo read-only) > /ro
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path fs = out.resolve("fs");

    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(fs.resolve("seen")).hasContent("seeded");
    assertThat(fs.resolve("ro")).hasContent("read-only");
    assertThat(fs.resolve("deps")).doesNotExist();
  }

  @Test
  void cacheMount_locked_concurrentRunsTakeTurns(@TempDir Path ctx, @TempDir Path cache, @TempDir Path out)
      throws Exception {
    // two stages the solver runs in parallel; each holds a marker directory while it works: with
    // sharing=locked the second mkdir can only succeed after the first RUN removed its marker
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %1$s AS a
        RUN --mount=type=cache,id=shared-lock,target=/c,sharing=locked \\
            mkdir /c/busy && sleep 2 && rmdir /c/busy && echo a > /a
        FROM %1$s AS b
        RUN --mount=type=cache,id=shared-lock,target=/c,sharing=locked \\
            mkdir /c/busy && sleep 2 && rmdir /c/busy && echo b > /b
        FROM %1$s
        COPY --from=a /a /a
        COPY --from=b /b /b
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path fs = out.resolve("fs");

    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(fs.resolve("a")).hasContent("a");
    assertThat(fs.resolve("b")).hasContent("b");
  }

  @Test
  void bindMounts_contextRwWritesDiscarded_stageSourceReadOnly_tmpfs(@TempDir Path ctx, @TempDir Path cache,
      @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %1$s AS tools
        RUN mkdir /out && echo from-tools > /out/tool.txt
        FROM %1$s
        RUN --mount=type=bind,target=/src,rw \\
            --mount=type=bind,from=tools,source=/out,target=/tools \\
            --mount=type=tmpfs,target=/scratch,size=1m \\
            echo changed > /src/a.txt && cat /src/a.txt > /copy.txt && cat /tools/tool.txt > /tool.txt && \\
            (touch /tools/x 2>/dev/null && echo writable || echo read-only) > /tools.rw && \\
            grep -q ' /scratch tmpfs ' /proc/mounts && echo tmpfs > /scratch.kind && echo temp > /scratch/t
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("a.txt"), "original\n");
    Path fs = out.resolve("fs");

    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(ctx.resolve("a.txt")).as("rw bind writes are discarded").hasContent("original");
    assertThat(fs.resolve("copy.txt")).hasContent("changed");
    assertThat(fs.resolve("tool.txt")).hasContent("from-tools");
    assertThat(fs.resolve("tools.rw")).hasContent("read-only");
    assertThat(fs.resolve("scratch.kind")).hasContent("tmpfs");
    for (String p : List.of("src", "tools", "scratch")) {
      assertThat(Files.exists(fs.resolve(p), LinkOption.NOFOLLOW_LINKS)).as(p + " leaves no trace").isFalse();
    }
  }

  @Test
  void bindMountOfContext_changedFile_rerunsTheStep(@TempDir Path ctx, @TempDir Path cache) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=bind,source=in.txt,target=/in.txt cat /in.txt > /out.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("in.txt"), "one\n");
    BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).build());
    BuildResult same = BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).build());
    Files.writeString(ctx.resolve("in.txt"), "two\n");
    BuildResult changed = BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).build());

    assertThat(executed(same)).isEmpty();
    assertThat(executed(changed)).hasSize(1);
  }

  @Test
  void mountsUnderExistingDirectories_runChangingNothing_layerIsEmpty(@TempDir Path ctx, @TempDir Path cache,
      @TempDir Path out) throws Exception {
    // /root and /etc exist in the base image: runc's mount points below them make overlayfs copy them up
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=cache,target=/root/.cache/tool --mount=type=secret,id=token,target=/etc/app/token \
            --mount=type=tmpfs,target=/root/scratch true
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path layout = out.resolve("layout");

    try (SecretStore store = secrets(TOKEN, API_TOKEN)) {
      BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).secrets(store)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + layout)).build());
    }

    assertThat(lastLayerEntries(layout)).isEmpty();
  }

  /** The entry names of the top layer of the single image in an OCI layout directory. */
  static List<String> lastLayerEntries(Path layout) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    String manifestDigest = json.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0).get("digest").asText();
    var manifest = json.readTree(blob(layout, manifestDigest).toFile());
    var layers = manifest.get("layers");
    Path top = blob(layout, layers.get(layers.size() - 1).get("digest").asText());
    List<String> names = new ArrayList<>();
    try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.util.zip.GZIPInputStream(Files.newInputStream(top)))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  /** Records every event and the log bytes, as a log sink would see them. */
  static final class Capture implements ProgressSink {
    final List<ProgressEvent> events = new ArrayList<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @Override
    public synchronized void accept(ProgressEvent event) {
      events.add(event);
      if (event instanceof LogEvent l) {
        logs.writeBytes(l.data());
      }
    }

    synchronized String logs() {
      return logs.toString(StandardCharsets.UTF_8);
    }
  }
}
