package io.multiarchbuild.engine.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;

/**
 * Cache keys of ops: sha256 over a canonical encoding of the op. The encoding is JSON with every
 * object's properties in alphabetical order and every map's entries sorted by key, so it depends
 * only on the op's values; lists keep their order because order is meaningful (argv, sources).
 * Inputs appear as their keys, so a key covers the whole sub-graph below the op. Fields marked
 * {@code @JsonIgnore} (proxy variables) are deliberately not part of the key, and secret values are
 * never in an op at all (only secret ids).
 */
final class CacheKeys {
  private CacheKeys() {}

  /** Bumped whenever the encoding changes, so old keys can never collide with new ones. */
  private static final String VERSION = "multiarch-build/op/v1";

  static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .addModule(
              new SimpleModule("canonical")
                  .addSerializer(Digest.class, ToStringSerializer.instance)
                  .addSerializer(Platform.class, ToStringSerializer.instance))
          .build();

  static String canonical(Op op) {
    try {
      return VERSION + "\n" + op.kind() + "\n" + CANONICAL.writeValueAsString(op);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("op can't be encoded: " + op, e);
    }
  }

  static Digest key(Op op) {
    return Digest.sha256(canonical(op));
  }
}
