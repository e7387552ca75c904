package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --output ...,compression=} end to end: real runc (and qemu for arm64) builds whose layers
 * are checked byte by byte (magic, diff_id), read back by skopeo, and pushed to the test registry.
 */
class OutputCompressionIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REG = TestEnvironment.PLAIN_REGISTRY;
  private static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String TAR = "application/vnd.oci.image.layer.v1.tar";
  /** busybox:1 has one layer; the build adds two (RUN, COPY). */
  private static final int BASE_LAYERS = 1;

  private static final String DOCKERFILE = """
      FROM %s
      RUN echo ran > /run.txt
      COPY app.txt /app.txt
      """.formatted(TestEnvironment.BASE_IMAGE);

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireQemuBinfmt("aarch64");
    TestEnvironment.requireSkopeo();
  }

  private static Path context(Path dir) throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
    Files.writeString(dir.resolve("app.txt"), "app " + uniqueTag() + "\n");
    return dir;
  }

  @Test
  void ociArchive_compressionZstd_buildLayersAreZstd_thenGzipFromTheSameCacheIsGzip(@TempDir Path ctx,
      @TempDir Path cache, @TempDir Path out) throws Exception {
    context(ctx);
    Path zstdTar = out.resolve("zstd.tar");
    run(request(ctx, cache, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(OutputSpec.parse("type=oci,dest=" + zstdTar + ",compression=zstd")).build());

    Path zstd = unpack(zstdTar, out.resolve("zstd"));
    List<JsonNode> zstdManifests = manifests(zstd);
    assertThat(zstdManifests).hasSize(2);
    for (JsonNode m : zstdManifests) {
      assertThat(mediaTypes(m)).containsExactly(GZIP, ZSTD, ZSTD); // the base image's layer keeps gzip
      assertLayersMatchDiffIds(zstd, m);
    }
    // skopeo reads the archive: the host platform's config and layers, then copies it (verifying every blob)
    JsonNode inspected = JSON.readTree(Cmd.runChecked("skopeo", "inspect", "oci-archive:" + zstdTar).stdout());
    assertThat(inspected.get("Layers")).hasSize(BASE_LAYERS + 2);
    Cmd.runChecked("skopeo", "copy", "--all", "oci-archive:" + zstdTar, "oci:" + out.resolve("copied") + ":x");
    assertThat(manifests(out.resolve("copied"))).hasSize(2)
        .allSatisfy(m -> assertThat(mediaTypes(m)).containsExactly(GZIP, ZSTD, ZSTD));

    // Same cache dir: every step is cached (as zstd), but the gzip output must not get zstd layers.
    Path gzipDir = out.resolve("gzip");
    var second = run(request(ctx, cache, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + gzipDir + ",compression=gzip")).build());
    assertThat(executed(second)).isEmpty();
    List<JsonNode> gzipManifests = manifests(gzipDir);
    for (int i = 0; i < gzipManifests.size(); i++) {
      JsonNode m = gzipManifests.get(i);
      assertThat(mediaTypes(m)).containsExactly(GZIP, GZIP, GZIP);
      assertLayersMatchDiffIds(gzipDir, m);
      assertThat(m.get("config").get("digest")).as("same diff_ids, same config")
          .isEqualTo(zstdManifests.get(i).get("config").get("digest"));
    }

    // And zstd again, all cached: the base layer still keeps gzip, and the image is the first one.
    Path again = out.resolve("again");
    var third = run(request(ctx, cache, Platform.LINUX_AMD64, Platform.LINUX_ARM64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + again + ",compression=zstd")).build());
    assertThat(executed(third)).isEmpty();
    assertThat(manifests(again)).isEqualTo(zstdManifests);
  }

  @Test
  void registryPush_compressionZstd_registryHasZstdLayers(@TempDir Path ctx, @TempDir Path cache) throws Exception {
    context(ctx);
    String ref = REG + "/it/outcompress:" + uniqueTag();
    run(request(ctx, cache, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=registry,name=" + ref + ",compression=zstd")).build());

    JsonNode manifest = JSON.readTree(
        Cmd.runChecked("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref).stdout());
    assertThat(mediaTypes(manifest)).containsExactly(GZIP, ZSTD, ZSTD);
    // skopeo can read the pushed image (config and layer list through the registry)
    JsonNode inspected = JSON.readTree(
        Cmd.runChecked("skopeo", "inspect", "--tls-verify=false", "docker://" + ref).stdout());
    assertThat(inspected.get("Layers")).hasSize(3);
  }

  @Test
  void inlineCache_zstdPushFromGzipCache_recordsNameThePushedZstdBlobs(@TempDir Path ctx, @TempDir Path agent1,
      @TempDir Path agent2, @TempDir Path out) throws Exception {
    context(ctx);
    String ref = REG + "/it/outcompress-inline:" + uniqueTag();
    run(request(ctx, agent1, Platform.LINUX_AMD64).build()); // fills agent1's cache with gzip layers
    run(request(ctx, agent1, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=registry,name=" + ref + ",compression=zstd"))
        .cacheTo(List.of(CacheSpec.parseTo("type=inline"))).build());
    JsonNode manifest = JSON.readTree(
        Cmd.runChecked("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref).stdout());
    assertThat(mediaTypes(manifest)).containsExactly(GZIP, ZSTD, ZSTD);

    // Another agent imports the inline cache: every record's blob must be in the pushed image.
    Path dir = out.resolve("b");
    var second = run(request(ctx, agent2, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + dir + ",compression=zstd"))
        .cacheFrom(List.of(CacheSpec.parseFrom("type=registry,ref=" + ref))).build());
    assertThat(executed(second)).isEmpty();
    JsonNode m = manifests(dir).get(0);
    assertThat(mediaTypes(m)).containsExactly(GZIP, ZSTD, ZSTD);
    assertLayersMatchDiffIds(dir, m);
  }

  @Test
  void compressionUncompressed_thenLevels_blobsDifferButHoldTheSameTar(@TempDir Path ctx, @TempDir Path cache,
      @TempDir Path out) throws Exception {
    context(ctx);
    Path plain = out.resolve("plain");
    run(request(ctx, cache, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + plain + ",compression=uncompressed")).build());
    JsonNode m = manifests(plain).get(0);
    assertThat(mediaTypes(m)).containsExactly(GZIP, TAR, TAR);
    assertLayersMatchDiffIds(plain, m);
    List<String> diffIds = diffIds(plain, m);
    for (int i = BASE_LAYERS; i < diffIds.size(); i++) {
      assertThat(m.get("layers").get(i).get("digest").asText()).isEqualTo(diffIds.get(i));
    }

    Path fast = out.resolve("fast");
    Path best = out.resolve("best");
    run(request(ctx, cache, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + fast + ",compression=gzip,compression-level=0"))
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + best + ",compression=zstd,compression-level=19"))
        .build());
    JsonNode f = manifests(fast).get(0);
    JsonNode b = manifests(best).get(0);
    assertThat(mediaTypes(f)).containsExactly(GZIP, GZIP, GZIP);
    assertThat(mediaTypes(b)).containsExactly(GZIP, ZSTD, ZSTD);
    assertLayersMatchDiffIds(fast, f);
    assertLayersMatchDiffIds(best, b);
    // gzip level 0 stores the tar: its blob is larger than the tar it holds
    long tarSize = Files.size(blob(plain, m.get("layers").get(BASE_LAYERS + 1).get("digest").asText()));
    assertThat(f.get("layers").get(BASE_LAYERS + 1).get("size").asLong()).isGreaterThan(tarSize);
    assertThat(diffIds(fast, f)).isEqualTo(diffIds).isEqualTo(diffIds(best, b));
  }

  @Test
  void forceCompression_zstd_baseLayersAreRecompressedToo(@TempDir Path ctx, @TempDir Path cache, @TempDir Path out)
      throws Exception {
    context(ctx);
    Path dir = out.resolve("forced");
    run(request(ctx, cache, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + dir + ",compression=zstd,force-compression=true"))
        .build());
    JsonNode m = manifests(dir).get(0);
    assertThat(mediaTypes(m)).containsExactly(ZSTD, ZSTD, ZSTD);
    assertLayersMatchDiffIds(dir, m);
  }

  // --- helpers ---

  private static Path unpack(Path tar, Path dir) throws IOException {
    Files.createDirectories(dir);
    Cmd.runChecked("tar", "-xf", tar.toString(), "-C", dir.toString());
    return dir;
  }

  /** The platform manifests of an OCI layout (through its index). */
  private static List<JsonNode> manifests(Path layout) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    collect(JSON.readTree(layout.resolve("index.json").toFile()), layout, out);
    return out;
  }

  private static void collect(JsonNode node, Path layout, List<JsonNode> out) throws IOException {
    if (node.has("manifests")) {
      for (JsonNode d : node.get("manifests")) {
        collect(JSON.readTree(blob(layout, d.get("digest").asText()).toFile()), layout, out);
      }
    } else {
      out.add(node);
    }
  }

  private static List<String> mediaTypes(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    manifest.get("layers").forEach(l -> out.add(l.get("mediaType").asText()));
    return out;
  }

  private static List<String> diffIds(Path layout, JsonNode manifest) throws IOException {
    JsonNode config = JSON.readTree(blob(layout, manifest.get("config").get("digest").asText()).toFile());
    List<String> out = new ArrayList<>();
    config.get("rootfs").get("diff_ids").forEach(d -> out.add(d.asText()));
    return out;
  }

  /** Every layer blob: its digest and size verify, its magic fits its media type, and its tar hashes to the diff_id. */
  private static void assertLayersMatchDiffIds(Path layout, JsonNode manifest) throws Exception {
    List<String> diffIds = diffIds(layout, manifest);
    JsonNode layers = manifest.get("layers");
    assertThat(layers).hasSize(diffIds.size());
    for (int i = 0; i < layers.size(); i++) {
      JsonNode l = layers.get(i);
      Path p = blob(layout, l.get("digest").asText());
      byte[] bytes = Files.readAllBytes(p);
      assertThat(Digest.sha256(bytes).toString()).isEqualTo(l.get("digest").asText());
      assertThat((long) bytes.length).isEqualTo(l.get("size").asLong());
      String type = l.get("mediaType").asText();
      byte[] head = Arrays.copyOf(bytes, 4);
      InputStream tar;
      if (type.equals(ZSTD)) {
        assertThat(head).as("zstd magic").containsExactly(0x28, 0xb5, 0x2f, 0xfd);
        tar = new ZstdInputStream(new java.io.ByteArrayInputStream(bytes));
      } else if (type.equals(GZIP)) {
        assertThat(Arrays.copyOf(head, 2)).as("gzip magic").containsExactly(0x1f, 0x8b);
        tar = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes));
      } else {
        assertThat(type).isEqualTo(TAR);
        tar = new java.io.ByteArrayInputStream(bytes);
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(tar, sha)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      assertThat("sha256:" + HexFormat.of().formatHex(sha.digest())).as("layer %d diff_id", i).isEqualTo(diffIds.get(i));
    }
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }
}
