package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.cache.BlobWriter;
import io.multiarchbuild.engine.cache.ContentStore;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.progress.ProgressWriter;
import io.multiarchbuild.engine.progress.VertexHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of every {@code --cache-from}, loaded up front (manifest and config only), and their
 * blobs, fetched lazily: a blob is downloaded into the content store, digest-verified, only when a
 * caller asks for it. A blob found missing or corrupt is remembered as bad, and every record that
 * needs it becomes a miss from then on — the step runs again instead of producing a wrong image.
 * Thread-safe.
 */
public final class ImportedCache implements AutoCloseable {

  private final Map<String, CacheEntry> entries;
  private final Map<Digest, BlobLocation> sources;
  private final ContentStore store;
  private final ProgressWriter progress;
  private final VertexHandle warnings;
  private final Set<Digest> bad = ConcurrentHashMap.newKeySet();
  private final Map<Digest, Boolean> present = new ConcurrentHashMap<>();
  private final Map<Digest, Object> fetchLocks = new ConcurrentHashMap<>();
  private final AtomicLong fetchedBytes = new AtomicLong();
  private final AtomicLong fetchedBlobs = new AtomicLong();
  private VertexHandle fetchVertex;

  ImportedCache(Map<String, CacheEntry> entries, Map<Digest, BlobLocation> sources, ContentStore store,
      ProgressWriter progress, VertexHandle warnings) {
    this.entries = Map.copyOf(entries);
    this.sources = Map.copyOf(sources);
    this.store = store;
    this.progress = progress;
    this.warnings = warnings;
  }

  /** An import of nothing. */
  public static ImportedCache empty(ContentStore store) {
    return new ImportedCache(Map.of(), Map.of(), store, null, null);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Every imported record (bad ones included), by key. */
  public Map<String, CacheEntry> entries() {
    return entries;
  }

  /**
   * The record for {@code key} if all its blobs are usable: each is in the local store or (checked
   * with a {@code HEAD}, once per blob) present at its source. A record with a missing blob is a miss,
   * with a warning.
   */
  public Optional<CacheEntry> lookup(String key) {
    CacheEntry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    for (Layer l : e.layers()) {
      Digest d = l.blob().digest();
      if (bad.contains(d)) {
        return Optional.empty();
      }
      if (store.has(d)) {
        continue;
      }
      if (!present.computeIfAbsent(d, this::probe)) {
        markBad(d, "is missing from " + location(d) + "; running \"" + e.description() + "\" instead");
        return Optional.empty();
      }
    }
    return Optional.of(e);
  }

  /** The imported record for {@code key} without checking its blobs (for re-exporting), unless it needs a known-bad blob. */
  public Optional<CacheEntry> entry(String key) {
    CacheEntry e = entries.get(key);
    if (e == null || e.layers().stream().anyMatch(l -> bad.contains(l.blob().digest()))) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  private boolean probe(Digest d) {
    BlobLocation loc = sources.get(d);
    if (loc == null) {
      return false;
    }
    try {
      return loc.exists(d);
    } catch (IOException | UserError e) {
      return false;
    }
  }

  /** Whether this import knows where to get {@code d} from. */
  public boolean knows(Digest d) {
    return sources.containsKey(d) && !bad.contains(d);
  }

  /** The {@code registry/repository} that has {@code d}, when it comes from a registry (for a cross-repository mount). */
  public Optional<String> registrySource(Digest d) {
    if (bad.contains(d) || !(sources.get(d) instanceof BlobLocation.Registry r)) {
      return Optional.empty();
    }
    return Optional.of(r.repo().context());
  }

  /**
   * Makes sure {@code d} is in the content store, downloading and verifying it if needed. Does
   * nothing for a blob no import knows.
   *
   * @throws CacheBlobUnavailable when it is unknown, missing or corrupt (it is then marked bad)
   */
  public void fetch(Digest d) throws CacheBlobUnavailable {
    if (store.has(d)) {
      return;
    }
    BlobLocation loc = sources.get(d);
    if (loc == null) {
      return; // not ours: whoever reads it reports it missing, as without an import
    }
    if (bad.contains(d)) {
      throw new CacheBlobUnavailable(d, "cache blob " + d + " is not available", null);
    }
    synchronized (fetchLocks.computeIfAbsent(d, k -> new Object())) {
      if (store.has(d)) {
        return;
      }
      VertexHandle v = fetchVertex();
      try (BlobWriter w = store.writer()) {
        loc.copyTo(d, w, (digest, done, total) -> {
          if (v != null) {
            v.status(digest.toString(), done, total);
          }
        });
        w.commit(d);
        fetchedBytes.addAndGet(w.size());
        fetchedBlobs.incrementAndGet();
        if (v != null) {
          v.statusDone(d.toString());
        }
      } catch (IOException | UserError e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        markBad(d, "could not be fetched from " + loc.display() + " (" + why + "); running the step instead");
        throw new CacheBlobUnavailable(d, "cache blob " + d + " from " + loc.display() + ": " + why, e);
      }
    }
  }

  /** Remembers that {@code d} cannot be used, with a warning saying why. */
  public void markBad(Digest d, String why) {
    if (bad.add(d) && warnings != null) {
      warnings.warn(1, "cache blob " + d + " " + why, List.of(), "");
    }
  }

  /** Bytes downloaded so far. */
  public long fetchedBytes() {
    return fetchedBytes.get();
  }

  public long fetchedBlobs() {
    return fetchedBlobs.get();
  }

  private synchronized VertexHandle fetchVertex() {
    if (fetchVertex == null && progress != null) {
      fetchVertex = progress.vertex(Digest.sha256("cache-fetch:" + System.identityHashCode(this) + System.nanoTime()).toString(),
          "importing cached layers", List.of());
      fetchVertex.started();
    }
    return fetchVertex;
  }

  private String location(Digest d) {
    BlobLocation loc = sources.get(d);
    return loc == null ? "the cache" : loc.display();
  }

  /** Completes the fetch vertex (with the byte count), if anything was fetched. */
  @Override
  public synchronized void close() {
    if (fetchVertex != null) {
      fetchVertex.log(1, "fetched " + fetchedBlobs.get() + " blobs, " + fetchedBytes.get() + " bytes\n");
      fetchVertex.completed();
      fetchVertex = null;
    }
  }

  /** Builds an import from loaded configs (see {@link RemoteCache#load}). */
  static final class Builder {
    private final Map<String, CacheEntry> entries = new LinkedHashMap<>();
    private final Map<Digest, BlobLocation> sources = new LinkedHashMap<>();

    void add(List<CacheEntry> loaded, BlobLocation where) {
      for (CacheEntry e : loaded) {
        entries.putIfAbsent(e.key(), e);
        for (Layer l : e.layers()) {
          sources.putIfAbsent(l.blob().digest(), where);
        }
      }
    }

    int size() {
      return entries.size();
    }

    ImportedCache build(ContentStore store, ProgressWriter progress, VertexHandle warnings) {
      return new ImportedCache(entries, sources, store, progress, warnings);
    }

    List<CacheEntry> all() {
      return new ArrayList<>(entries.values());
    }
  }
}
