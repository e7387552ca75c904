package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cache-to type=local,...,compression=zstd} from a real (FROM scratch + COPY, so no runc or
 * base image) build: the cache's layer blobs are zstd, and a build on a fresh cache dir importing it
 * runs nothing and still writes a valid image.
 */
class CacheCompressionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path context(Path dir) throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), """
        FROM scratch
        COPY a.txt /a.txt
        COPY dir/ /dir/
        COPY b.txt /b.txt
        """);
    Files.writeString(dir.resolve("a.txt"), "alpha\n".repeat(1000));
    Files.createDirectories(dir.resolve("dir"));
    Files.writeString(dir.resolve("dir/one"), "one\n");
    Files.writeString(dir.resolve("dir/two"), "two\n".repeat(500));
    Files.writeString(dir.resolve("b.txt"), "bravo\n");
    return dir;
  }

  @Test
  void localCacheZstd_exportedBlobsAreZstdAndImportMakesRebuildFullyCached(@TempDir Path ctx,
      @TempDir Path agent1, @TempDir Path agent2, @TempDir Path shared, @TempDir Path out) throws Exception {
    context(ctx);
    BuildResult first = run(request(ctx, agent1, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("a")))
        .cacheTo(List.of(CacheSpec.parseTo("type=local,dest=" + shared + ",compression=zstd,mode=max"))).build());
    assertThat(copies(first)).hasSize(3);

    // The cache manifest's layers, and the cache config's layer table, name zstd blobs only.
    JsonNode cacheManifest = top(shared);
    List<JsonNode> cacheLayers = new ArrayList<>();
    cacheManifest.get("layers").forEach(cacheLayers::add);
    assertThat(cacheLayers).hasSize(3);
    for (JsonNode l : cacheLayers) {
      assertThat(l.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
      byte[] blob = Files.readAllBytes(blob(shared, l.get("digest").asText()));
      assertThat(Digest.sha256(blob).toString()).isEqualTo(l.get("digest").asText());
      assertThat((long) blob.length).isEqualTo(l.get("size").asLong());
      assertThat(blob).startsWith((byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd);
      assertThat(Digest.sha256(zstd(blob)).toString())
          .isEqualTo(l.get("annotations").get("io.multiarch-build.cache.diffid").asText());
    }
    JsonNode config = JSON.readTree(blob(shared, cacheManifest.get("config").get("digest").asText()).toFile());
    config.get("layers").forEach(l -> assertThat(l.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD));
    // The image itself was not touched: its layers stay gzip.
    image(out.resolve("a")).get("layers")
        .forEach(l -> assertThat(l.get("mediaType").asText()).isEqualTo(MediaTypes.OCI_LAYER_GZIP));

    BuildResult second = run(request(ctx, agent2, Platform.LINUX_AMD64)
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("b")))
        .cacheFrom(List.of(CacheSpec.parseFrom("type=local,src=" + shared))).build());

    assertThat(copies(second)).isEmpty();
    assertValidImage(out.resolve("b"));
    assertThat(diffIds(out.resolve("b"))).isEqualTo(diffIds(out.resolve("a")));
  }

  /** The COPY steps that ran (FROM scratch has no cache record: it is nothing to run). */
  private static List<String> copies(BuildResult r) {
    return executed(r).stream().filter(n -> n.contains("] COPY ")).toList();
  }

  /** Every layer of the image decompresses to the diff_id its config lists at the same position. */
  private static void assertValidImage(Path layout) throws IOException {
    JsonNode manifest = image(layout);
    List<String> diffIds = diffIds(layout);
    assertThat(manifest.get("layers")).hasSize(diffIds.size());
    for (int i = 0; i < diffIds.size(); i++) {
      JsonNode l = manifest.get("layers").get(i);
      byte[] blob = Files.readAllBytes(blob(layout, l.get("digest").asText()));
      assertThat(Digest.sha256(blob).toString()).isEqualTo(l.get("digest").asText());
      byte[] tar = l.get("mediaType").asText().endsWith("zstd") ? zstd(blob) : gunzip(blob);
      assertThat(Digest.sha256(tar).toString()).as("layer " + i).isEqualTo(diffIds.get(i));
    }
  }

  private static List<String> diffIds(Path layout) throws IOException {
    JsonNode config = JSON.readTree(blob(layout, image(layout).get("config").get("digest").asText()).toFile());
    List<String> out = new ArrayList<>();
    config.get("rootfs").get("diff_ids").forEach(d -> out.add(d.asText()));
    return out;
  }

  /** The document index.json points at. */
  private static JsonNode top(Path layout) throws IOException {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    return JSON.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()).toFile());
  }

  /** The single-platform image manifest of an OCI layout (through an index if there is one). */
  private static JsonNode image(Path layout) throws IOException {
    JsonNode node = top(layout);
    while (node.has("manifests")) {
      node = JSON.readTree(blob(layout, node.get("manifests").get(0).get("digest").asText()).toFile());
    }
    return node;
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static byte[] zstd(byte[] blob) throws IOException {
    try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(blob))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gunzip(byte[] blob) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(blob))) {
      return in.readAllBytes();
    }
  }
}
