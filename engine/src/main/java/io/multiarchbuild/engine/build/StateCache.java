package io.multiarchbuild.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.CacheRecord;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.solver.ResultCache;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Solved file-system states kept in the cache dir's record index, so a rebuild finds them: the record
 * names every layer blob and the base config blob (so GC keeps them and a record whose blobs were
 * pruned counts as a miss), and its metadata holds the state as JSON.
 */
final class StateCache implements ResultCache<State> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE = "state";

  private final CacheDir cache;
  private final Set<String> bypass;

  /** @param bypass cache keys never loaded (--no-cache / --no-cache-filter); their new results are still saved */
  StateCache(CacheDir cache, Set<String> bypass) {
    this.cache = cache;
    this.bypass = bypass;
  }

  @Override
  public Optional<State> load(String cacheKey) throws IOException {
    if (bypass.contains(cacheKey)) {
      return Optional.empty();
    }
    Optional<CacheRecord> r = cache.index().get(cacheKey);
    if (r.isEmpty() || !r.get().metadata().containsKey(STATE)) {
      return Optional.empty();
    }
    return Optional.of(decode(JSON.readTree(r.get().metadata().get(STATE))));
  }

  @Override
  public void save(String cacheKey, State result) throws IOException {
    if (result.isContext()) {
      return;
    }
    byte[] config = ImageJson.write(result.base());
    Digest configDigest = cache.blobs().put(config);
    List<Digest> blobs = new ArrayList<>();
    blobs.add(configDigest);
    long size = config.length;
    ObjectNode root = JSON.createObjectNode();
    root.put("base", configDigest.toString());
    ArrayNode layers = root.putArray("layers");
    for (Layer l : result.layers()) {
      blobs.add(l.blob().digest());
      size += l.blob().size();
      layers.addObject()
          .put("mediaType", l.blob().mediaType())
          .put("digest", l.blob().digest().toString())
          .put("size", l.blob().size())
          .put("diffId", l.diffId().toString())
          .put("uncompressedSize", l.uncompressedSize());
    }
    ArrayNode history = root.putArray("history");
    for (ImageConfig.History h : result.history()) {
      ObjectNode n = history.addObject();
      n.put("created", h.created() == null ? null : h.created().toString());
      n.put("createdBy", h.createdBy());
      n.put("comment", h.comment());
      n.put("emptyLayer", h.emptyLayer());
    }
    cache.index().put(CacheRecord.of(cacheKey, CacheRecord.Kind.LAYER, blobs.stream().distinct().toList(),
        Map.of(STATE, JSON.writeValueAsString(root), CacheRecord.DESCRIPTION, describe(result)), size));
  }

  private State decode(JsonNode root) throws IOException {
    ImageConfig base;
    try (InputStream in = cache.blobs().open(Digest.parse(root.get("base").asText()))) {
      base = ImageJson.readConfig(in.readAllBytes());
    }
    List<Layer> layers = new ArrayList<>();
    for (JsonNode l : root.get("layers")) {
      layers.add(new Layer(
          Descriptor.of(l.get("mediaType").asText(), Digest.parse(l.get("digest").asText()), l.get("size").asLong()),
          Digest.parse(l.get("diffId").asText()), l.get("uncompressedSize").asLong()));
    }
    List<ImageConfig.History> history = new ArrayList<>();
    for (JsonNode h : root.get("history")) {
      history.add(new ImageConfig.History(
          h.get("created").isNull() ? null : Instant.parse(h.get("created").asText()),
          text(h.get("createdBy")), null, text(h.get("comment")), h.get("emptyLayer").asBoolean()));
    }
    return new State(base, layers, history, null, null);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static String describe(State s) {
    return s.history().isEmpty() ? "base image" : String.valueOf(s.history().get(s.history().size() - 1).createdBy());
  }
}
