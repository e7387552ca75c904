package io.multiarchbuild.engine.cache;

import java.util.List;
import java.util.Map;

/**
 * Disk usage of a cache. {@code entries} has one line per record with its own bytes: blobs only it
 * references plus its snapshot or mount directory ({@code shared} marks records whose blobs are also
 * used by others, whose bytes are counted once, in {@code sharedBytes}). {@code totalBytes} is what
 * the cache occupies: every blob once, every snapshot and mount directory.
 */
public record CacheUsage(
    List<Entry> entries,
    Map<CacheRecord.Kind, KindTotal> byKind,
    long blobBytes,
    int blobCount,
    long directoryBytes,
    long sharedBytes,
    long totalBytes) {

  public CacheUsage {
    entries = List.copyOf(entries);
    byKind = Map.copyOf(byKind);
  }

  /** One record and the bytes attributable to it alone. */
  public record Entry(CacheRecord record, long bytes, boolean shared) {}

  /** How many records of a kind and their attributable bytes. */
  public record KindTotal(int count, long bytes) {}
}
