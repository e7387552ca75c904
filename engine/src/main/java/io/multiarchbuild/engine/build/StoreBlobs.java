package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.BlobWriter;
import io.multiarchbuild.engine.cache.ContentStore;
import io.multiarchbuild.engine.export.Blobs;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.remotecache.ImportedCache;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache dir's content store seen as the export package's blob store, so pulls and exports share
 * blobs. Blobs that only an imported remote cache has count as present: a push mounts them from the
 * cache's repository, and anything that reads them fetches them (verified) into the store first.
 */
final class StoreBlobs implements Blobs {

  private final ContentStore store;
  private final ImportedCache imported;
  private final Map<Digest, String> sources = new ConcurrentHashMap<>();

  StoreBlobs(ContentStore store) {
    this(store, ImportedCache.empty(store));
  }

  StoreBlobs(ContentStore store, ImportedCache imported) {
    this.store = store;
    this.imported = imported;
  }

  @Override
  public boolean contains(Digest digest) {
    return store.has(digest) || imported.knows(digest);
  }

  @Override
  public Optional<Path> path(Digest digest) {
    Path p = store.path(digest);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public InputStream open(Digest digest) throws IOException {
    imported.fetch(digest);
    return store.open(digest);
  }

  @Override
  public long size(Digest digest) throws IOException {
    imported.fetch(digest);
    return store.size(digest);
  }

  @Override
  public void add(Digest digest, Writer writer) throws IOException {
    if (store.has(digest)) {
      return;
    }
    try (BlobWriter w = store.writer()) {
      writer.writeTo(w);
      w.commit(digest);
    }
  }

  @Override
  public void recordSource(Digest digest, String repository) {
    sources.put(digest, repository);
  }

  @Override
  public Optional<String> knownSource(Digest digest) {
    String known = sources.get(digest);
    return known != null ? Optional.of(known) : imported.registrySource(digest);
  }
}
