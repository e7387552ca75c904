package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.FileChecksums;
import io.multiarchbuild.engine.common.SelectorThreads;
import io.multiarchbuild.engine.exec.Executor;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.progress.ProgressWriter;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.remotecache.ImportedCache;
import io.multiarchbuild.engine.snapshot.LayerRef;
import io.multiarchbuild.engine.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the op adapters of one build share: the cache dir, snapshotter, runtime, registry and progress. */
final class Session {

  final CacheDir cache;
  final Snapshotter snapshotter;
  final Executor executor;
  final RegistryClient registry;
  final ProgressWriter progress;
  /** The build's secrets and SSH agents, for RUN mounts. */
  final BuildSecrets secrets;
  /** Hides secret values in text that leaves the build outside the progress stream (error messages). */
  final java.util.function.UnaryOperator<String> mask;
  /** Records and lazily fetched blobs of --cache-from (empty without). */
  final ImportedCache imported;
  /** Blobs of pulled base images, remembering which repository each came from (for mounts). */
  final StoreBlobs pulls;
  /** The caller's environment ({@link BuildRequest#env()}): the environment of {@code git} for Git sources. */
  final Map<String, String> env;
  /** Writes the build's layers; {@link #writeLayersWith} sets the outputs' compression before the solve. */
  private volatile LayerWriter layerWriter = new LayerWriter(LayerWriter.Options.defaults());
  private final Map<String, VertexHandle> handles = new ConcurrentHashMap<>();
  /** Solver vertices that print nothing (FROM scratch: BuildKit shows no vertex for it). */
  private final java.util.Set<String> hidden = ConcurrentHashMap.newKeySet();
  private final Map<java.nio.file.Path, FileChecksums> checksums = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final String buildId = Long.toHexString(System.nanoTime());
  private HttpClient downloads;
  private HttpClient credentialed;
  /** {@code SOURCE_DATE_EPOCH} of the build, or null: the time files the build itself creates get. */
  private volatile java.time.Instant sourceDateEpoch;

  void sourceDateEpoch(java.time.Instant epoch) {
    this.sourceDateEpoch = epoch;
  }

  java.time.Instant sourceDateEpoch() {
    return sourceDateEpoch;
  }

  /** The client for ADD &lt;url&gt;, made on first use (most builds download nothing) and owned by this build. */
  synchronized HttpClient downloads() {
    if (downloads == null) {
      downloads = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
    }
    return downloads;
  }

  /**
   * The client for a download that carries credentials: it follows no redirect by itself, so that
   * {@link HttpSourceOp} decides per hop whether the Authorization header may go along.
   */
  synchronized HttpClient credentialedDownloads() {
    if (credentialed == null) {
      credentialed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
    }
    return credentialed;
  }

  /**
   * Ends the download client's selector thread, which would otherwise hold up JVM exit by ~0.3 s (see
   * {@link SelectorThreads}); a later download (a retried solve) makes a new client.
   */
  synchronized void closeDownloads() {
    if (downloads != null) {
      SelectorThreads.stop(downloads);
      downloads = null;
    }
    if (credentialed != null) {
      SelectorThreads.stop(credentialed);
      credentialed = null;
    }
  }

  Session(CacheDir cache, Snapshotter snapshotter, Executor executor, RegistryClient registry, ProgressWriter progress) {
    this(cache, snapshotter, executor, registry, progress, BuildSecrets.none(), s -> s, ImportedCache.empty(cache.blobs()),
        Map.of());
  }

  Session(CacheDir cache, Snapshotter snapshotter, Executor executor, RegistryClient registry, ProgressWriter progress,
      BuildSecrets secrets, java.util.function.UnaryOperator<String> mask, ImportedCache imported,
      Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.secrets = secrets;
    this.mask = mask;
    this.imported = imported;
    this.cache = cache;
    this.pulls = new StoreBlobs(cache.blobs());
    this.snapshotter = snapshotter;
    this.executor = executor;
    this.registry = registry;
    this.progress = progress;
  }

  /** The progress vertex of a solver vertex; created on first use by whichever thread gets there first. */
  VertexHandle vertex(String key, String name) {
    return handles.computeIfAbsent(key, k -> progress.vertex(k, name, List.of()));
  }

  /** Keeps the solver vertex {@code key} out of the progress stream. */
  void hide(String key) {
    hidden.add(key);
  }

  /** Whether {@link #hide} was called for {@code key}. */
  boolean hidden(String key) {
    return hidden.contains(key);
  }

  /** A snapshot id unique within the cache dir, even across concurrent builds. */
  String newSnapshotId(String what) {
    return what + "-" + buildId + "-" + ProcessHandle.current().pid() + "-" + ids.incrementAndGet();
  }

  /**
   * The extracted directories of a layer chain (extracting each layer from the content store once).
   * A layer that only an imported cache has is fetched first; if it cannot be, the
   * {@link io.multiarchbuild.engine.remotecache.CacheBlobUnavailable} makes the build solve again
   * without the records that need it.
   */
  List<LayerRef> layerDirs(List<Layer> layers) throws IOException {
    List<LayerRef> out = new ArrayList<>();
    for (Layer l : layers) {
      var found = snapshotter.layers().find(l.diffId());
      if (found.isPresent()) {
        out.add(found.get());
        continue;
      }
      imported.fetch(l.blob().digest());
      try (InputStream in = cache.blobs().open(l.blob().digest())) {
        out.add(snapshotter.layers().extractLayer(l.diffId(), in));
      }
    }
    return out;
  }

  void writeLayersWith(LayerWriter.Options options) {
    layerWriter = new LayerWriter(options);
  }

  /** Writes a layer from entries straight into the content store (compressing and hashing in one pass). */
  Layer writeLayer(List<io.multiarchbuild.engine.oci.LayerEntry> entries) throws IOException {
    try (var w = cache.blobs().writer()) {
      Layer layer = layerWriter.write(entries, w);
      w.commit(layer.blob().digest());
      return layer;
    }
  }

  /** The checksum index of a build context, shared by every COPY of this build. */
  FileChecksums checksums(java.nio.file.Path contextRoot) {
    return checksums.computeIfAbsent(contextRoot, r -> {
      try {
        return cache.fileChecksums(r);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Persists what the build learned about context files, so the next build does not re-read them. */
  void saveChecksums() throws IOException {
    for (FileChecksums c : checksums.values()) {
      c.close();
    }
  }
}
