package io.multiarchbuild.engine.remotecache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache config document ({@code docs/cache-format.md}): a table of layers, a table of base
 * configs and the records that point into both. Written deterministically (records sorted by key,
 * tables in first-use order), so the same cache exported twice is byte-identical.
 */
final class CacheConfigJson {

  static final String MEDIA_TYPE = "application/vnd.multiarch-build.cache.config.v1+json";
  static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CacheConfigJson() {}

  static ObjectNode toTree(List<CacheEntry> entries) {
    List<CacheEntry> sorted = sorted(entries);
    List<Layer> layers = layerTable(sorted);
    Map<Digest, Integer> layerIndex = new LinkedHashMap<>();
    for (Layer l : layers) {
      layerIndex.put(l.blob().digest(), layerIndex.size());
    }
    Map<Digest, byte[]> bases = new TreeMap<>();
    for (CacheEntry e : sorted) {
      bases.put(e.baseConfigDigest(), e.baseConfig());
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("mediaType", MEDIA_TYPE);
    ArrayNode ls = root.putArray("layers");
    for (Layer l : layers) {
      ls.addObject()
          .put("mediaType", l.blob().mediaType())
          .put("digest", l.blob().digest().toString())
          .put("size", l.blob().size())
          .put("diffId", l.diffId().toString())
          .put("uncompressedSize", l.uncompressedSize());
    }
    ArrayNode bs = root.putArray("baseConfigs");
    Map<Digest, Integer> baseIndex = new LinkedHashMap<>();
    for (var b : bases.entrySet()) {
      baseIndex.put(b.getKey(), baseIndex.size());
      bs.addObject().put("digest", b.getKey().toString()).put("data", Base64.getEncoder().encodeToString(b.getValue()));
    }
    ArrayNode rs = root.putArray("records");
    for (CacheEntry e : sorted) {
      ObjectNode r = rs.addObject();
      r.put("key", e.key());
      r.put("platform", e.platform());
      r.put("description", e.description());
      r.put("base", baseIndex.get(e.baseConfigDigest()));
      ArrayNode chain = r.putArray("layers");
      for (Layer l : e.layers()) {
        chain.add(layerIndex.get(l.blob().digest()));
      }
      ArrayNode history = r.putArray("history");
      for (ImageConfig.History h : e.history()) {
        ObjectNode n = history.addObject();
        n.put("created", h.created() == null ? null : h.created().toString());
        n.put("createdBy", h.createdBy());
        n.put("comment", h.comment());
        n.put("emptyLayer", h.emptyLayer());
      }
    }
    return root;
  }

  static List<CacheEntry> sorted(List<CacheEntry> entries) {
    List<CacheEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(CacheEntry::key));
    return sorted;
  }

  /** The distinct layers of the entries, in the order the config's layer table lists them. */
  static List<Layer> layerTable(List<CacheEntry> entries) {
    Map<Digest, Layer> out = new LinkedHashMap<>();
    for (CacheEntry e : sorted(entries)) {
      for (Layer l : e.layers()) {
        out.putIfAbsent(l.blob().digest(), l);
      }
    }
    return new ArrayList<>(out.values());
  }

  static byte[] write(List<CacheEntry> entries) {
    try {
      return JSON.writeValueAsBytes(toTree(entries));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  static List<CacheEntry> read(byte[] json, String where) {
    try {
      return fromTree(JSON.readTree(json), where);
    } catch (IOException e) {
      throw new RemoteCacheError(where + ": cache config is not JSON: " + e.getMessage(), e);
    }
  }

  /** Decodes a cache config; any structural problem is a {@link RemoteCacheError} naming {@code where}. */
  static List<CacheEntry> fromTree(JsonNode root, String where) {
    try {
      if (root == null || root.path("schemaVersion").asInt() != SCHEMA_VERSION) {
        throw new RemoteCacheError(where + ": unsupported cache config (schemaVersion "
            + (root == null ? "missing" : root.path("schemaVersion").asText()) + ", expected " + SCHEMA_VERSION + ")");
      }
      List<Layer> layers = new ArrayList<>();
      for (JsonNode l : root.path("layers")) {
        layers.add(new Layer(Descriptor.of(l.get("mediaType").asText(), Digest.parse(l.get("digest").asText()),
            l.get("size").asLong()), Digest.parse(l.get("diffId").asText()), l.get("uncompressedSize").asLong()));
      }
      List<byte[]> bases = new ArrayList<>();
      for (JsonNode b : root.path("baseConfigs")) {
        byte[] data = Base64.getDecoder().decode(b.get("data").asText());
        if (!Digest.sha256(data).equals(Digest.parse(b.get("digest").asText()))) {
          throw new RemoteCacheError(where + ": base config " + b.get("digest").asText() + " does not match its digest");
        }
        bases.add(data);
      }
      List<CacheEntry> out = new ArrayList<>();
      for (JsonNode r : root.path("records")) {
        List<Layer> chain = new ArrayList<>();
        for (JsonNode i : r.get("layers")) {
          chain.add(layers.get(i.asInt()));
        }
        List<ImageConfig.History> history = new ArrayList<>();
        for (JsonNode h : r.path("history")) {
          history.add(new ImageConfig.History(
              h.path("created").isTextual() ? Instant.parse(h.get("created").asText()) : null,
              text(h.get("createdBy")), null, text(h.get("comment")), h.path("emptyLayer").asBoolean()));
        }
        out.add(new CacheEntry(r.get("key").asText(), text(r.get("platform")), text(r.get("description")),
            bases.get(r.get("base").asInt()), chain, history));
      }
      return out;
    } catch (RuntimeException e) {
      if (e instanceof RemoteCacheError) {
        throw e;
      }
      throw new RemoteCacheError(where + ": malformed cache config: " + e, e);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
