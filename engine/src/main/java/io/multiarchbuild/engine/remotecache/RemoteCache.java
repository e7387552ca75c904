package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.cache.ContentStore;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.progress.ProgressWriter;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.RegistryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The way into remote caches ({@code --cache-from} / {@code --cache-to}); the format is described in
 * {@code docs/cache-format.md}. {@link #load} reads every import's records up front (no layer
 * blobs); {@link #export} writes records and the blobs they need; {@link #inlineValue} is the
 * image-config value of {@code type=inline}.
 */
public final class RemoteCache {

  /** The image config key an inline cache is stored under (its value is a cache config object). */
  public static final String INLINE_KEY = "io.multiarch-build.cache.v1";
  /** The media type of the cache config blob. */
  public static final String CONFIG_MEDIA_TYPE = CacheConfigJson.MEDIA_TYPE;

  private RemoteCache() {}

  /**
   * Loads the records of every {@code --cache-from}, showing one progress vertex each ({@code
   * importing cache manifest from REF}). A cache that cannot be read is a warning, not a failure:
   * the build then simply runs what it cannot find, as BuildKit does.
   */
  public static ImportedCache load(List<CacheSpec> from, RegistryClient client, ContentStore store,
      ProgressWriter progress) {
    ImportedCache.Builder builder = new ImportedCache.Builder();
    VertexHandle first = null;
    for (CacheSpec spec : from) {
      if (spec.direction() != CacheSpec.Direction.FROM) {
        throw new IllegalArgumentException("not a --cache-from spec: " + spec);
      }
      VertexHandle v = progress.vertex(Digest.sha256("cache-import:" + spec + System.nanoTime()).toString(),
          "importing cache manifest from " + spec.display(), List.of());
      first = first == null ? v : first;
      v.started();
      CacheReader reader = new CacheReader(v);
      try {
        int before = builder.size();
        if (spec.type() == CacheSpec.Type.REGISTRY) {
          ImageReference ref = spec.ref();
          builder.add(reader.fromRegistry(client, ref), new BlobLocation.Registry(client, ref));
        } else {
          List<CacheEntry> got = reader.fromLayout(spec.directory(), spec.tag(), spec.attributes().get("digest"));
          if (got == null) {
            v.warn(1, "no cache tagged " + spec.tag() + " in " + spec.directory(), List.of(), "");
          } else {
            builder.add(got, new BlobLocation.Layout(spec.directory()));
          }
        }
        v.log(1, (builder.size() - before) + " cache records\n");
        v.completed();
      } catch (RegistryException e) {
        String what = e.status() == 404 ? "no cache found at " + spec.display() : e.getMessage();
        v.warn(1, "failed to import cache: " + what, List.of(), "");
        v.completed();
      } catch (IOException | UserError e) {
        v.warn(1, "failed to import cache from " + spec.display() + ": " + e.getMessage(), List.of(), "");
        v.completed();
      }
    }
    return builder.build(store, progress, first);
  }

  /**
   * Writes {@code entries} to a {@code type=registry} or {@code type=local} cache, as the progress
   * vertex {@code exporting cache to REF}. With {@code ignore-error=true} a failure is a warning.
   *
   * @param imported where blobs that are not in {@code store} can be fetched or mounted from
   * @return the descriptor of the written cache manifest (or index), or null when nothing was written
   * @throws RemoteCacheError when the export fails and the spec does not ignore errors
   */
  public static Descriptor export(CacheSpec to, List<CacheEntry> entries, ContentStore store, ImportedCache imported,
      RegistryClient client, ProgressWriter progress) {
    return export(to, entries, store, imported, d -> Optional.empty(), client, progress);
  }

  /**
   * As {@link #export(CacheSpec, List, ContentStore, ImportedCache, RegistryClient, ProgressWriter)};
   * {@code knownSources} names a {@code registry/repository} known to have a blob (e.g. the base
   * image's), so a registry export mounts it instead of uploading it.
   */
  public static Descriptor export(CacheSpec to, List<CacheEntry> entries, ContentStore store, ImportedCache imported,
      Function<Digest, Optional<String>> knownSources, RegistryClient client, ProgressWriter progress) {
    if (to.direction() != CacheSpec.Direction.TO || to.type() == CacheSpec.Type.INLINE) {
      throw new IllegalArgumentException("not a registry or local --cache-to spec: " + to);
    }
    VertexHandle v = progress.vertex(Digest.sha256("cache-export:" + to + System.nanoTime()).toString(),
        "exporting cache to " + (to.type() == CacheSpec.Type.REGISTRY ? "registry " : "client directory ") + to.display(),
        List.of());
    v.started();
    if (entries.isEmpty()) {
      v.log(1, "skipping cache export for empty result\n");
      v.completed();
      return null;
    }
    CacheWriter writer = new CacheWriter(to, store, imported, knownSources, v);
    try {
      Descriptor d = to.type() == CacheSpec.Type.REGISTRY
          ? writer.toRegistry(client, to.ref(), entries)
          : writer.toLayout(to.directory(), entries);
      v.log(1, entries.size() + " records, " + writer.bytesSent() + " bytes sent\n");
      v.completed();
      return d;
    } catch (IOException | UserError e) {
      String msg = "exporting cache to " + to.display() + " failed: " + e.getMessage();
      if (to.ignoreError()) {
        v.warn(1, msg + " (ignored: ignore-error=true)", List.of(), "");
        v.completed();
        return null;
      }
      v.failed(msg);
      throw new RemoteCacheError(msg + "; add ignore-error=true to --cache-to to build anyway", e);
    }
  }

  /** The raw JSON value to store under {@link #INLINE_KEY} in an image config for {@code type=inline}. */
  public static String inlineValue(List<CacheEntry> entries) {
    return new String(CacheConfigJson.write(entries), StandardCharsets.UTF_8);
  }
}
