package io.multiarchbuild.engine.cache;

import java.util.List;

/**
 * What a prune removed: records (with the bytes each freed, as {@link CacheUsage.Entry}), how many
 * unreferenced blobs and directories were swept, and the total bytes freed. {@code skipped} is true
 * when {@link CacheDir#gcTo} did nothing because another build was using the cache.
 */
public record PruneResult(
    List<CacheUsage.Entry> removed, int blobsSwept, int directoriesSwept, long reclaimedBytes, boolean skipped) {

  public PruneResult {
    removed = List.copyOf(removed);
  }

  static PruneResult notRun() {
    return new PruneResult(List.of(), 0, 0, 0, true);
  }
}
