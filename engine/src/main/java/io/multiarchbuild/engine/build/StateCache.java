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
import io.multiarchbuild.engine.remotecache.CacheBlobUnavailable;
import io.multiarchbuild.engine.remotecache.CacheEntry;
import io.multiarchbuild.engine.remotecache.ImportedCache;
import io.multiarchbuild.engine.solver.ResultCache;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Solved file-system states kept in the cache dir's record index, so a rebuild finds them: the record
 * names every layer blob and the base config blob (so GC keeps them and a record whose blobs were
 * pruned counts as a miss), and its metadata holds the state as JSON.
 *
 * <p>On a local miss the records of {@code --cache-from} are asked. A remote hit's layers are
 * fetched right away — the solver loads a result only when something needs it, and a step that runs
 * on top of it needs its files — except for the build's targets when {@code lazyTargets}: their
 * blobs are only needed by the outputs, which may mount them registry-side instead.
 */
final class StateCache implements ResultCache<State> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE = "state";

  private final CacheDir cache;
  private final Set<String> bypass;
  private final ImportedCache imported;
  private final Set<String> lazyVertexKeys;
  private final Map<String, String> cacheKeys = new ConcurrentHashMap<>();
  private final Set<String> lazyCacheKeys = ConcurrentHashMap.newKeySet();

  /** @param bypass cache keys never loaded (--no-cache / --no-cache-filter); their new results are still saved */
  StateCache(CacheDir cache, Set<String> bypass) {
    this(cache, bypass, ImportedCache.empty(cache.blobs()), Set.of());
  }

  /**
   * @param imported records of --cache-from
   * @param lazyVertexKeys vertices (by definition key) whose remote hits need not fetch their blobs
   */
  StateCache(CacheDir cache, Set<String> bypass, ImportedCache imported, Set<String> lazyVertexKeys) {
    this.cache = cache;
    this.bypass = bypass;
    this.imported = imported;
    this.lazyVertexKeys = Set.copyOf(lazyVertexKeys);
  }

  @Override
  public void keyed(String vertexKey, String cacheKey) {
    cacheKeys.put(vertexKey, cacheKey);
    if (lazyVertexKeys.contains(vertexKey)) {
      lazyCacheKeys.add(cacheKey);
    }
  }

  /** The cache key the solver derived for a vertex, if it got that far. */
  Optional<String> cacheKey(String vertexKey) {
    return Optional.ofNullable(cacheKeys.get(vertexKey));
  }

  @Override
  public Optional<State> load(String cacheKey) throws IOException {
    if (bypass.contains(cacheKey)) {
      return Optional.empty();
    }
    Optional<CacheRecord> r = cache.index().get(cacheKey);
    if (r.isPresent() && r.get().metadata().containsKey(STATE)) {
      return Optional.of(decode(JSON.readTree(r.get().metadata().get(STATE))));
    }
    Optional<CacheEntry> remote = imported.lookup(cacheKey);
    if (remote.isEmpty()) {
      return Optional.empty();
    }
    CacheEntry e = remote.get();
    boolean lazy = lazyCacheKeys.contains(cacheKey);
    if (!lazy) {
      try {
        for (Layer l : e.layers()) {
          imported.fetch(l.blob().digest());
        }
      } catch (CacheBlobUnavailable x) {
        return Optional.empty(); // marked bad with a warning; the step runs instead
      }
    }
    cache.blobs().put(e.baseConfig());
    State state = new State(ImageJson.readConfig(e.baseConfig()), e.layers(), e.history(), null, null);
    if (!lazy) {
      save(cacheKey, state); // every blob is local now: the next build on this machine needs no import
    }
    return Optional.of(state);
  }

  /**
   * The record of {@code cacheKey} as a remote cache carries it: from the local index, else from an
   * import (for re-exporting what this build took from a cache without fetching it).
   */
  Optional<CacheEntry> entry(String cacheKey, String platform) throws IOException {
    Optional<CacheRecord> r = cache.index().get(cacheKey);
    if (r.isPresent() && r.get().metadata().containsKey(STATE)) {
      JsonNode root = JSON.readTree(r.get().metadata().get(STATE));
      byte[] base;
      try (InputStream in = cache.blobs().open(Digest.parse(root.get("base").asText()))) {
        base = in.readAllBytes();
      }
      State s = decode(root);
      return Optional.of(new CacheEntry(cacheKey, platform, r.get().metadata().get(CacheRecord.DESCRIPTION), base,
          s.layers(), s.history()));
    }
    return imported.entry(cacheKey);
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
