package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache records on disk were written and read by Jackson's bean (de)serializer for {@code
 * RecordJson}; the hand-written encoding must write the same bytes and read every record the old
 * code wrote. The plain ObjectMapper here is that old code, kept as the oracle.
 */
class CacheRecordFormatTest {

  private static final ObjectMapper ORACLE = new ObjectMapper();

  @TempDir Path tmp;

  private static List<CacheIndex.RecordJson> samples() {
    Map<String, String> odd = new LinkedHashMap<>();
    odd.put("state", "{\"base\":\"sha256:" + "b".repeat(64) + "\",\"layers\":[],\"history\":[]}");
    odd.put("description", "RUN echo \"hi\" \\ \n\t\u0001 é 中 \uD83D\uDC33 </script>");
    odd.put("", "");
    odd.put("Z", "upper");
    return List.of(
        CacheIndex.RecordJson.of(new CacheRecord("k", CacheRecord.Kind.GENERIC, List.of(), Map.of(), Instant.EPOCH, Instant.EPOCH, 0)),
        CacheIndex.RecordJson.of(new CacheRecord("sha256:" + "a".repeat(64), CacheRecord.Kind.LAYER,
            List.of(Digest.sha256("x"), Digest.sha256("y")), odd, Instant.parse("2026-11-28T22:36:18.852652546Z"), Instant.now(),
            Long.MAX_VALUE)),
        CacheIndex.RecordJson.of(CacheRecord.of("cache-mount:/root/.cache\u0000\"", CacheRecord.Kind.CACHE_MOUNT, List.of(),
            Map.of(CacheRecord.MOUNT, "m1"), 12345)),
        new CacheIndex.RecordJson("k", "layer", null, null, "2026-01-01T00:00:00Z", 7));
  }

  @Test
  void toBytes_writesWhatJacksonsBeanSerializerWrote() throws Exception {
    for (CacheIndex.RecordJson r : samples()) {
      assertThat(new String(r.toBytes(), StandardCharsets.UTF_8)).isEqualTo(new String(ORACLE.writeValueAsBytes(r), StandardCharsets.UTF_8));
    }
  }

  @Test
  void parse_readsWhatJacksonsBeanSerializerWrote_likeTheBeanDeserializer() throws Exception {
    for (CacheIndex.RecordJson r : samples()) {
      byte[] old = ORACLE.writeValueAsBytes(r);
      assertThat(CacheIndex.RecordJson.parse(old)).isEqualTo(r).isEqualTo(ORACLE.readValue(old, CacheIndex.RecordJson.class));
    }
    String reordered = "{\"size\":3,\"created\":\"2026-01-01T00:00:00Z\",\"kind\":\"layer\",\"key\":\"k\"}";
    assertThat(CacheIndex.RecordJson.parse(reordered.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ORACLE.readValue(reordered, CacheIndex.RecordJson.class))
        .isEqualTo(new CacheIndex.RecordJson("k", "layer", null, null, "2026-01-01T00:00:00Z", 3));
  }

  @Test
  void parse_unknownPropertyOrWrongShape_isAnError() {
    for (String bad : List.of("{\"key\":\"k\",\"future\":1}", "[]", "{\"blobs\":\"x\"}", "{\"metadata\":[]}", "{\"key\":{}}",
        "{\"size\":\"big\"}", "{\"key\":")) {
      assertThatThrownBy(() -> CacheIndex.RecordJson.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(Exception.class);
      assertThatThrownBy(() -> ORACLE.readValue(bad, CacheIndex.RecordJson.class)).as("oracle: " + bad).isInstanceOf(Exception.class);
    }
  }

  @Test
  void recordWrittenByTheOldCode_isAHitWithEveryField() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest blob = cache.blobs().put(new byte[] {42});
    CacheIndex.RecordJson old = new CacheIndex.RecordJson("sha256:" + "c".repeat(64), "layer", List.of(blob.toString()),
        Map.of("description", "é \"x\""), "2026-01-01T00:00:00Z", 90);
    Files.write(cache.root().resolve("index/" + Digest.sha256(old.key()).hex() + ".json"), ORACLE.writeValueAsBytes(old));

    CacheIndex.Lookup lookup = cache.index().lookup(old.key());

    assertThat(lookup.status()).isEqualTo(CacheIndex.Lookup.Status.HIT);
    CacheRecord r = lookup.record().orElseThrow();
    assertThat(CacheIndex.RecordJson.of(r)).isEqualTo(old);
  }
}
