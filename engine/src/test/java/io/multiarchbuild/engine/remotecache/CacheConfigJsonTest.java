package io.multiarchbuild.engine.remotecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheConfigJsonTest {

  private static Layer layer(String content) {
    return new Layer(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("blob" + content), 10 + content.length()),
        Digest.sha256("diff" + content), 100);
  }

  private static final byte[] BASE = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
  private static final ImageConfig.History H =
      new ImageConfig.History(Instant.parse("2026-11-28T10:00:00Z"), "RUN x # buildkit", null, "buildkit.dockerfile.v0", false);

  private static List<CacheEntry> sample() {
    CacheEntry from = new CacheEntry("sha256:bb", "linux/amd64", "base image", BASE, List.of(layer("a")), List.of());
    CacheEntry run = new CacheEntry("sha256:aa", "linux/amd64", "RUN x", BASE, List.of(layer("a"), layer("b")), List.of(H));
    return List.of(from, run);
  }

  @Test
  void writeThenRead_sameEntries() {
    List<CacheEntry> back = CacheConfigJson.read(CacheConfigJson.write(sample()), "test");
    assertThat(back).containsExactlyInAnyOrderElementsOf(sample());
  }

  @Test
  void write_sharedLayersAndBasesStoredOnce_deterministicOrder() {
    var tree = CacheConfigJson.toTree(sample());
    assertThat(tree.get("layers")).hasSize(2);
    assertThat(tree.get("baseConfigs")).hasSize(1);
    assertThat(tree.get("records").get(0).get("key").asText()).isEqualTo("sha256:aa");
    assertThat(CacheConfigJson.write(sample())).isEqualTo(CacheConfigJson.write(List.of(sample().get(1), sample().get(0))));
  }

  @Test
  void read_tamperedBaseConfig_isRejected() {
    String json = new String(CacheConfigJson.write(sample()), StandardCharsets.UTF_8);
    String tampered = json.replaceFirst("\"data\":\"e", "\"data\":\"f");
    assertThatThrownBy(() -> CacheConfigJson.read(tampered.getBytes(StandardCharsets.UTF_8), "ref"))
        .isInstanceOf(RemoteCacheError.class).hasMessageContaining("does not match its digest");
  }

  @Test
  void read_otherSchemaVersion_namesIt() {
    assertThatThrownBy(() -> CacheConfigJson.read("{\"schemaVersion\":7}".getBytes(StandardCharsets.UTF_8), "r/x:1"))
        .isInstanceOf(RemoteCacheError.class).hasMessage("r/x:1: unsupported cache config (schemaVersion 7, expected 1)");
  }
}
