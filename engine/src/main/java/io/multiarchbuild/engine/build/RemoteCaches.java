package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.export.PlatformImage;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.PlatformPlan;
import io.multiarchbuild.engine.progress.ProgressWriter;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.remotecache.CacheBlobUnavailable;
import io.multiarchbuild.engine.remotecache.CacheEntry;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.remotecache.ImportedCache;
import io.multiarchbuild.engine.remotecache.RemoteCache;
import io.multiarchbuild.engine.solver.Vertex;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How a build uses --cache-from and --cache-to: import before the solve, blobs before the outputs, export after. */
final class RemoteCaches {

  /** Solves tried before a build gives up on cache blobs that keep failing. */
  static final int MAX_SOLVES = 4;

  private RemoteCaches() {}

  static ImportedCache load(BuildRequest request, RegistryClient registry, CacheDir cache, ProgressWriter progress) {
    if (request.cacheFrom().isEmpty()) {
      return ImportedCache.empty(cache.blobs());
    }
    return RemoteCache.load(request.cacheFrom(), registry, cache.blobs(), progress);
  }

  /**
   * Whether the targets' remote hits may stay unfetched: true when every output is a registry push
   * (which mounts blobs from the cache's repository when it is on the same registry) or there is none.
   * Any blob an output does need is fetched by {@link #materialise} before the outputs run.
   */
  static boolean lazyTargets(BuildRequest request) {
    return request.outputs().stream().allMatch(o -> o.type() == OutputSpec.Type.REGISTRY
        || (o.type() == OutputSpec.Type.IMAGE && o.shouldPush()));
  }

  /** The cache blob failure behind a solve failure, if that is what it was. */
  static CacheBlobUnavailable blobFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CacheBlobUnavailable u) {
        return u;
      }
    }
    return null;
  }

  /**
   * Fetches the final images' blobs that only an import has, unless every output can mount them
   * from the import's registry — so no output is left half-written by a cache blob that turns out
   * missing or corrupt.
   */
  static void materialise(BuildRequest request, Collection<State> results, ImportedCache imported, CacheDir cache)
      throws CacheBlobUnavailable {
    if (imported.isEmpty()) {
      return;
    }
    Set<String> pushRegistries = new LinkedHashSet<>();
    boolean onlyPushes = lazyTargets(request);
    for (OutputSpec o : request.outputs()) {
      for (String n : o.names().isEmpty() ? request.tags() : o.names()) {
        pushRegistries.add(io.multiarchbuild.engine.registry.ImageReference.parse(n).registry());
      }
    }
    for (State s : results) {
      for (Layer l : s.layers()) {
        var d = l.blob().digest();
        if (cache.blobs().has(d) || !imported.knows(d)) {
          continue;
        }
        Optional<String> source = imported.registrySource(d);
        boolean mountable = onlyPushes && source.isPresent()
            && pushRegistries.stream().allMatch(r -> source.get().startsWith(r + "/"));
        if (!mountable) {
          imported.fetch(d);
        }
      }
    }
  }

  /** The final images with an inline cache in their configs, when --cache-to type=inline asks for one. */
  static Map<Platform, PlatformImage> withInline(BuildRequest request, Map<Platform, PlatformImage> images,
      Map<PlatformPlan, List<Vertex<State>>> targets, StateCache states) throws IOException {
    if (request.cacheTo().stream().noneMatch(c -> c.type() == CacheSpec.Type.INLINE)) {
      return images;
    }
    Map<Platform, PlatformImage> out = new LinkedHashMap<>();
    for (var e : targets.entrySet()) {
      Platform p = e.getKey().platform();
      PlatformImage img = images.get(p);
      List<CacheEntry> entries = sameBlobsAs(img, entries(CacheSpec.Mode.MIN, Map.of(e.getKey(), e.getValue()), states));
      ImageConfig c = img.config();
      Map<String, String> extra = new HashMap<>(c.extra());
      extra.put(RemoteCache.INLINE_KEY, RemoteCache.inlineValue(entries));
      out.put(p, new PlatformImage(p, new ImageConfig(c.created(), c.author(), c.architecture(), c.os(), c.variant(),
          c.config(), c.diffIds(), c.history(), extra), img.layers()));
    }
    return out;
  }

  /**
   * {@code entries} naming the image's blobs for its layers: an output may have recompressed a layer
   * (compression=), and the inline records must point at blobs that travel with the image.
   */
  private static List<CacheEntry> sameBlobsAs(PlatformImage img, List<CacheEntry> entries) {
    Map<io.multiarchbuild.engine.oci.Digest, io.multiarchbuild.engine.oci.Layer> byDiffId = new HashMap<>();
    img.layers().forEach(l -> byDiffId.put(l.diffId(), l));
    return entries.stream().map(c -> new CacheEntry(c.key(), c.platform(), c.description(), c.baseConfig(),
        c.layers().stream().map(l -> byDiffId.getOrDefault(l.diffId(), l)).toList(), c.history())).toList();
  }

  /** Runs every registry and local --cache-to. */
  static void export(BuildRequest request, Map<PlatformPlan, List<Vertex<State>>> targets, StateCache states,
      CacheDir cache, ImportedCache imported, StoreBlobs pulls, RegistryClient registry, ProgressWriter progress)
      throws IOException {
    for (CacheSpec to : request.cacheTo()) {
      if (to.type() != CacheSpec.Type.INLINE) {
        RemoteCache.export(to, entries(to.mode(), targets, states), cache.blobs(), imported, pulls::knownSource,
            registry, progress);
      }
    }
  }

  /**
   * The records to export. MIN: the steps whose states are prefixes of a final image (walking each
   * target's rootfs input, input 0, down to its base). MAX: every step reachable from the targets,
   * of every stage. Steps without a record (never cacheable, or not keyed) are left out.
   */
  static List<CacheEntry> entries(CacheSpec.Mode mode, Map<PlatformPlan, List<Vertex<State>>> targets, StateCache states)
      throws IOException {
    Map<String, CacheEntry> out = new LinkedHashMap<>();
    for (var e : targets.entrySet()) {
      String platform = e.getKey().platform().toString();
      for (Vertex<State> v : vertices(mode, e.getValue())) {
        Optional<String> key = states.cacheKey(v.key());
        if (key.isEmpty() || out.containsKey(key.get())) {
          continue;
        }
        states.entry(key.get(), platform).ifPresent(entry -> out.put(entry.key(), entry));
      }
    }
    return new ArrayList<>(out.values());
  }

  private static Set<Vertex<State>> vertices(CacheSpec.Mode mode, List<Vertex<State>> targets) {
    Set<Vertex<State>> seen = new LinkedHashSet<>();
    ArrayDeque<Vertex<State>> todo = new ArrayDeque<>(targets);
    while (!todo.isEmpty()) {
      Vertex<State> v = todo.poll();
      if (!seen.add(v)) {
        continue;
      }
      if (mode == CacheSpec.Mode.MAX) {
        todo.addAll(v.inputs());
      } else if (!v.inputs().isEmpty()) {
        todo.add(v.inputs().get(0));
      }
    }
    return seen;
  }
}
