package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.testenv.ScratchRegistry;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry, local and inline caches end to end: builds on separate cache dirs (two "agents") sharing
 * a cache through the real registry, with real runc (and qemu for arm64) builds.
 */
class RemoteCacheIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REG = TestEnvironment.PLAIN_REGISTRY;

  /** Two stages; the builder's RUN writes something random, so a re-run is visible in the image. */
  private static final String MULTI_STAGE = """
      FROM %1$s AS builder
      RUN echo built > /out.txt && cat /proc/sys/kernel/random/uuid > /rand.txt
      FROM %1$s
      COPY app.txt /app.txt
      COPY --from=builder /out.txt /rand.txt /
      RUN cat /app.txt /out.txt > /all.txt
      """.formatted(TestEnvironment.BASE_IMAGE);

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireQemuBinfmt("aarch64");
  }

  private static Path context(Path dir, String dockerfile, String app) throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    Files.writeString(dir.resolve("app.txt"), app);
    return dir;
  }

  private static List<CacheSpec> to(String... specs) {
    return Stream.of(specs).map(CacheSpec::parseTo).toList();
  }

  private static List<CacheSpec> from(String... specs) {
    return Stream.of(specs).map(CacheSpec::parseFrom).toList();
  }

  private static List<String> runs(BuildResult r) {
    return executed(r).stream().filter(n -> n.contains("] RUN ")).toList();
  }

  private static List<String> warnings(BuildResult r) {
    List<String> out = new ArrayList<>();
    for (ProgressRecorder.VertexRecord v : r.vertices()) {
      v.warnings().forEach(w -> out.add(w.shortMessage()));
    }
    return out;
  }

  private static boolean hasVertex(BuildResult r, String prefix) {
    return r.vertices().stream().anyMatch(v -> v.vertex().name().startsWith(prefix));
  }

  @Test
  void registryCache_secondAgentWithCacheFrom_runsNoStepAndPushesTheSameIndex(@TempDir Path ctx, @TempDir Path agent1,
      @TempDir Path agent2) throws Exception {
    context(ctx, MULTI_STAGE, "hello\n");
    String cache = REG + "/it/remotecache:" + uniqueTag();
    BuildResult first = run(request(ctx, agent1, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(push(REG + "/it/rc-app:" + uniqueTag()))
        .cacheTo(to("type=registry,ref=" + cache + ",mode=max")).build());
    assertThat(runs(first)).hasSize(4);
    assertThat(hasVertex(first, "exporting cache to registry " + cache)).isTrue();

    BuildResult second = run(request(ctx, agent2, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(push(REG + "/it/rc-app:" + uniqueTag()))
        .cacheFrom(from("type=registry,ref=" + cache)).build());

    assertThat(executed(second)).isEmpty();
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.manifests()).isEqualTo(first.manifests());
    assertThat(hasVertex(second, "importing cache manifest from " + cache)).isTrue();
    // Pushed to the cache's registry: the layers were mounted there, never downloaded.
    assertThat(hasVertex(second, "importing cached layers")).isFalse();
  }

  @Test
  void modeMinVersusMax_changedFileInFinalStage_onlyMaxKeepsTheBuilderStage(@TempDir Path ctx, @TempDir Path agent1,
      @TempDir Path agentMin, @TempDir Path agentMax, @TempDir Path out) throws Exception {
    context(ctx, MULTI_STAGE, "hello\n");
    String tag = uniqueTag();
    String min = REG + "/it/remotecache:min-" + tag;
    String max = REG + "/it/remotecache:max-" + tag;
    run(request(ctx, agent1, Platform.LINUX_AMD64)
        .cacheTo(to("type=registry,ref=" + min + ",mode=min", "type=registry,ref=" + max + ",mode=max")).build());

    Files.writeString(ctx.resolve("app.txt"), "changed\n");
    BuildResult withMin = run(request(ctx, agentMin, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("min")))
        .cacheFrom(from("type=registry,ref=" + min)).build());
    BuildResult withMax = run(request(ctx, agentMax, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("max")))
        .cacheFrom(from("type=registry,ref=" + max)).build());

    // min has no record of the builder stage (its layers are not in the final image): it runs again.
    assertThat(executed(withMin)).anyMatch(n -> n.contains("builder 2/2] RUN"));
    // max has it: only the changed COPY and what depends on it run.
    assertThat(executed(withMax)).hasSize(3).allMatch(n -> n.endsWith("COPY app.txt /app.txt")
        || n.endsWith("COPY --from=builder /out.txt /rand.txt /") || n.endsWith("RUN cat /app.txt /out.txt > /all.txt"));
  }

  @Test
  void brokenCacheBlobs_deletedThenCorrupted_fallBackToRunningWithAWarning(@TempDir Path ctx, @TempDir Path regDir,
      @TempDir Path agent1, @TempDir Path agent2, @TempDir Path agent3, @TempDir Path out) throws Exception {
    context(ctx, """
        FROM %s
        RUN cat /proc/sys/kernel/random/uuid > /one
        RUN cat /proc/sys/kernel/random/uuid > /two
        """.formatted(TestEnvironment.BASE_IMAGE), "x");
    try (ScratchRegistry registry = ScratchRegistry.start(regDir)) {
      String cache = registry.host() + "/it/cache:1";
      run(request(ctx, agent1, Platform.LINUX_AMD64)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("first")))
          .cacheTo(to("type=registry,ref=" + cache + ",mode=max")).build());
      List<String> layers = layers(out.resolve("first"));
      String one = layers.get(layers.size() - 2);
      String two = layers.get(layers.size() - 1);

      // Deleted: the top layer's blob is gone; pushing to the same registry (the lazy path) must notice.
      Files.delete(registry.blobData(two));
      BuildResult deleted = run(request(ctx, agent2, Platform.LINUX_AMD64)
          .output(push(registry.host() + "/it/app:deleted"))
          .cacheFrom(from("type=registry,ref=" + cache)).build());
      assertThat(runs(deleted)).singleElement().matches(n -> n.endsWith("> /two"));
      assertThat(warnings(deleted)).anyMatch(w -> w.contains(two) && w.contains("missing"));

      // Corrupted: same size, wrong bytes. The download is verified, so the step runs instead.
      Path data = registry.blobData(one);
      byte[] bytes = Files.readAllBytes(data);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(data, bytes);
      BuildResult corrupted = run(request(ctx, agent3, Platform.LINUX_AMD64)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("third")))
          .cacheFrom(from("type=registry,ref=" + cache)).build());
      assertThat(runs(corrupted)).hasSize(2).anyMatch(n -> n.endsWith("> /one")).anyMatch(n -> n.endsWith("> /two"));
      assertThat(warnings(corrupted)).anyMatch(w -> w.contains(one));
      assertThat(layers(out.resolve("third"))).doesNotContain(one, two);
      assertBlobsVerify(out.resolve("third"));
    }
  }

  @Test
  void corruptedBlob_foundOnlyWhenPushingToAnotherRegistry_solvesAgainAndRunsTheStep(@TempDir Path ctx,
      @TempDir Path regDir, @TempDir Path agent1, @TempDir Path agent2, @TempDir Path out) throws Exception {
    context(ctx, """
        FROM %s
        RUN cat /proc/sys/kernel/random/uuid > /only
        """.formatted(TestEnvironment.BASE_IMAGE), "x");
    try (ScratchRegistry registry = ScratchRegistry.start(regDir)) {
      String cache = registry.host() + "/it/cache:1";
      run(request(ctx, agent1, Platform.LINUX_AMD64)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("first")))
          .cacheTo(to("type=registry,ref=" + cache)).build());
      List<String> layers = layers(out.resolve("first"));
      String top = layers.get(layers.size() - 1);
      Path data = registry.blobData(top);
      byte[] bytes = Files.readAllBytes(data);
      bytes[bytes.length / 3] ^= 0x33;
      Files.write(data, bytes);

      // The target is a remote hit left unfetched (the output is a push); the push goes to another
      // registry, so the blob must be downloaded before the outputs run — and it does not verify.
      String image = REG + "/it/rc-corrupt:" + uniqueTag();
      BuildResult second = run(request(ctx, agent2, Platform.LINUX_AMD64).output(push(image))
          .cacheFrom(from("type=registry,ref=" + cache)).build());

      assertThat(runs(second)).singleElement().matches(n -> n.endsWith("> /only"));
      assertThat(warnings(second)).anyMatch(w -> w.contains(top));
      Path pulled = out.resolve("pulled");
      io.multiarchbuild.engine.testenv.Cmd.run(TestEnvironment.SKOPEO, "copy", "--src-tls-verify=false",
          "docker://" + image, "oci:" + pulled + ":x").assertSuccess();
      assertThat(layers(pulled)).doesNotContain(top);
      assertBlobsVerify(pulled);
    }
  }

  @Test
  void cacheRef_survivesRegistryGarbageCollection_bothManifestStyles(@TempDir Path ctx, @TempDir Path regDir,
      @TempDir Path agent1, @TempDir Path agent2, @TempDir Path agent3, @TempDir Path out) throws Exception {
    context(ctx, MULTI_STAGE, "gc\n");
    try (ScratchRegistry registry = ScratchRegistry.start(regDir)) {
      String manifestStyle = registry.host() + "/it/cache:manifest";
      String indexStyle = registry.host() + "/it/cache:index";
      BuildResult first = run(request(ctx, agent1, Platform.LINUX_AMD64)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("first")))
          // The mode=min export is overwritten by the mode=max one: that untagged cache is garbage.
          .cacheTo(to("type=registry,ref=" + manifestStyle + ",mode=min",
              "type=registry,ref=" + manifestStyle + ",mode=max",
              "type=registry,ref=" + indexStyle + ",mode=max,image-manifest=false")).build());

      String gc = registry.garbageCollect(true).stdout();
      assertThat(gc).as(gc).containsPattern("blobs marked, [1-9][0-9]* blobs and [1-9][0-9]* manifests eligible for deletion");

      for (var c : List.of(List.of(manifestStyle, agent2), List.of(indexStyle, agent3))) {
        BuildResult again = run(request(ctx, (Path) c.get(1), Platform.LINUX_AMD64)
            .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve(uniqueTag())))
            .cacheFrom(from("type=registry,ref=" + c.get(0))).build());
        assertThat(executed(again)).as("steps run after GC with " + c.get(0)).isEmpty();
        assertThat(warnings(again)).isEmpty();
        assertThat(again.digest()).isEqualTo(first.digest());
      }
    }
  }

  @Test
  void localCache_roundTrip_sameImageNoSteps(@TempDir Path ctx, @TempDir Path agent1, @TempDir Path agent2,
      @TempDir Path shared, @TempDir Path out) throws Exception {
    context(ctx, MULTI_STAGE, "local\n");
    BuildResult first = run(request(ctx, agent1, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("a")))
        .cacheTo(to("type=local,dest=" + shared + ",mode=max")).build());
    assertThat(shared.resolve("index.json")).exists();
    assertThat(shared.resolve("oci-layout")).exists();

    BuildResult second = run(request(ctx, agent2, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("b")))
        .cacheFrom(from("type=local,src=" + shared)).build());

    assertThat(executed(second)).isEmpty();
    assertThat(second.digest()).isEqualTo(first.digest());
    assertBlobsVerify(out.resolve("b"));
  }

  @Test
  void inlineCache_importedFromTheImage_runsNoStepAndSameDigest(@TempDir Path ctx, @TempDir Path agent1,
      @TempDir Path agent2) throws Exception {
    context(ctx, MULTI_STAGE, "inline\n");
    String image = REG + "/it/rc-inline:" + uniqueTag();
    BuildResult first = run(request(ctx, agent1, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(push(image)).cacheTo(to("type=inline")).build());

    BuildResult second = run(request(ctx, agent2, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(push(REG + "/it/rc-inline:" + uniqueTag()))
        .cacheFrom(from("type=registry,ref=" + image)).cacheTo(to("type=inline")).build());

    assertThat(executed(second)).isEmpty();
    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void registryCache_compressionZstd_layersInTheRegistryAreZstd_andImportRunsNoStep(@TempDir Path ctx,
      @TempDir Path agent1, @TempDir Path agent2, @TempDir Path out) throws Exception {
    context(ctx, MULTI_STAGE, "zstd\n");
    String ref = REG + "/it/rc-zstd:" + uniqueTag();
    run(request(ctx, agent1, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("a")))
        .cacheTo(to("type=registry,ref=" + ref + ",mode=max,compression=zstd")).build());

    JsonNode manifest = JSON.readTree(io.multiarchbuild.engine.testenv.Cmd.runChecked(
        "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref).stdout());
    assertThat(manifest.get("layers")).isNotEmpty()
        .allSatisfy(l -> assertThat(l.get("mediaType").asText()).endsWith("+zstd"));

    BuildResult second = run(request(ctx, agent2, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("b")))
        .cacheFrom(from("type=registry,ref=" + ref)).build());

    assertThat(executed(second)).isEmpty();
    assertBlobsVerify(out.resolve("b"));
  }

  /** The layer digests of the (single-platform) image in an OCI layout directory. */
  private static List<String> layers(Path layout) throws IOException {
    JsonNode node = JSON.readTree(layout.resolve("index.json").toFile());
    while (node.has("manifests")) {
      String d = node.get("manifests").get(0).get("digest").asText();
      node = JSON.readTree(blob(layout, d).toFile());
    }
    List<String> out = new ArrayList<>();
    node.get("layers").forEach(l -> out.add(l.get("digest").asText()));
    return out;
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static void assertBlobsVerify(Path layout) throws IOException {
    try (Stream<Path> s = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path p : s.toList()) {
        assertThat(Digest.sha256(Files.readAllBytes(p)).hex()).as(p.toString()).isEqualTo(p.getFileName().toString());
      }
    }
  }
}
