package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage accounting and mark-and-sweep. Records are the roots: a blob, snapshot directory or mount
 * directory that no record names is garbage. Bytes are measured on disk (blob files, directory
 * trees), not taken from records, and a blob shared by several records is counted once. Prune runs
 * under the exclusive cache lock (taken by {@link CacheDir}), so no build is writing meanwhile.
 */
final class GarbageCollector {

  private final CacheDir cache;
  private final Map<Digest, Long> blobSizes = new HashMap<>();
  private final Map<Digest, Integer> refs = new HashMap<>();
  private final Map<Path, Long> dirSizes = new HashMap<>();

  GarbageCollector(CacheDir cache) {
    this.cache = cache;
  }

  CacheUsage usage() throws IOException {
    List<CacheRecord> records = cache.index().list();
    measureBlobs();
    for (CacheRecord r : records) {
      reference(r, +1);
    }
    List<CacheUsage.Entry> entries = new ArrayList<>();
    Map<CacheRecord.Kind, long[]> kinds = new EnumMap<>(CacheRecord.Kind.class);
    for (CacheRecord r : records) {
      boolean shared = false;
      long bytes = dirBytes(r);
      for (Digest d : new HashSet<>(r.blobs())) {
        if (refs.getOrDefault(d, 0) > 1) {
          shared = true;
        } else {
          bytes += blobSizes.getOrDefault(d, 0L);
        }
      }
      entries.add(new CacheUsage.Entry(r, bytes, shared));
      long[] k = kinds.computeIfAbsent(r.kind(), x -> new long[2]);
      k[0]++;
      k[1] += bytes;
    }
    Map<CacheRecord.Kind, CacheUsage.KindTotal> byKind = new EnumMap<>(CacheRecord.Kind.class);
    kinds.forEach((k, v) -> byKind.put(k, new CacheUsage.KindTotal((int) v[0], v[1])));
    long sharedBytes = 0;
    for (Map.Entry<Digest, Integer> e : refs.entrySet()) {
      if (e.getValue() > 1) {
        sharedBytes += blobSizes.getOrDefault(e.getKey(), 0L);
      }
    }
    long blobBytes = blobSizes.values().stream().mapToLong(Long::longValue).sum();
    long dirBytes = FileTrees.size(cache.snapshotsDir()) + FileTrees.size(cache.mountsDir());
    return new CacheUsage(
        entries, byKind, blobBytes, blobSizes.size(), dirBytes, sharedBytes, blobBytes + dirBytes);
  }

  PruneResult prune(PruneOptions options) throws IOException {
    CacheIndex index = cache.index();
    List<CacheRecord> records = index.list(); // least recently used first
    measureBlobs();
    List<CacheUsage.Entry> removed = new ArrayList<>();
    List<CacheRecord> live = new ArrayList<>();
    for (CacheRecord r : records) {
      if (!index.missingParts(r).isEmpty()) {
        index.remove(r.key()); // broken: useless, and its parts are swept below
        removed.add(new CacheUsage.Entry(r, 0, false));
      } else {
        live.add(r);
        reference(r, +1);
      }
    }
    long liveBytes = 0;
    for (Map.Entry<Digest, Integer> e : refs.entrySet()) {
      liveBytes += blobSizes.getOrDefault(e.getKey(), 0L);
    }
    for (CacheRecord r : live) {
      liveBytes += dirBytes(r);
    }

    Instant cutoff = options.olderThan().map(d -> Instant.now().minus(d)).orElse(null);
    for (CacheRecord r : live) {
      if (options.keepBytes() > 0 && liveBytes <= options.keepBytes()) {
        break;
      }
      if (!options.isCandidateKind(r.kind()) || (cutoff != null && !r.lastUsed().isBefore(cutoff))) {
        continue;
      }
      index.remove(r.key());
      long freed = reference(r, -1) + dirBytes(r);
      liveBytes -= freed;
      removed.add(new CacheUsage.Entry(r, freed, false));
    }
    if (options.all()) {
      // Context checksum indexes are pure acceleration; --all means start from nothing.
      FileTrees.deleteChildren(cache.root().resolve("checksums"));
      if (java.nio.file.Files.isDirectory(cache.root().resolve("resolved"))) {
        FileTrees.deleteChildren(cache.root().resolve("resolved")); // as are remembered FROM resolutions
      }
    }
    long dirsBefore = directoryBytes();
    Sweep sweep = sweep();
    long dirsFreed = dirsBefore - directoryBytes();
    return new PruneResult(removed, sweep.blobs, sweep.dirs, sweep.blobBytes + Math.max(0, dirsFreed), false);
  }

  private record Sweep(int blobs, long blobBytes, int dirs) {}

  /** Deletes what no record references; returns counts (blob bytes separately: measured before delete). */
  private Sweep sweep() throws IOException {
    int blobCount = 0;
    long blobBytes = 0;
    for (Map.Entry<Digest, Long> e : blobSizes.entrySet()) {
      if (refs.getOrDefault(e.getKey(), 0) <= 0 && cache.blobs().delete(e.getKey())) {
        blobCount++;
        blobBytes += e.getValue();
      }
    }
    Set<String> snapshots = new HashSet<>();
    Set<String> mounts = new HashSet<>();
    for (CacheRecord r : cache.index().list()) {
      String s = r.metadata().get(CacheRecord.SNAPSHOT);
      if (s != null) {
        snapshots.add(s);
      }
      String m = r.metadata().get(CacheRecord.MOUNT);
      if (m != null) {
        mounts.add(m);
      }
    }
    int dirs = sweepDirs(cache.snapshotsDir(), snapshots) + sweepDirs(cache.mountsDir(), mounts);
    // Nobody else holds the cache, so nothing in staging is in use.
    FileTrees.deleteChildren(cache.tmpDir());
    return new Sweep(blobCount, blobBytes, dirs);
  }

  private int sweepDirs(Path parent, Set<String> keep) throws IOException {
    int n = 0;
    List<Path> garbage = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
      for (Path c : children) {
        if (!keep.contains(c.getFileName().toString())) {
          garbage.add(c);
        }
      }
    }
    for (Path g : garbage) {
      if (cache.removeAtomically(g)) {
        n++;
      }
    }
    return n;
  }

  /** Bytes in snapshot and mount trees (blobs are counted as they are deleted). */
  private long directoryBytes() throws IOException {
    return FileTrees.size(cache.snapshotsDir()) + FileTrees.size(cache.mountsDir());
  }

  private void measureBlobs() throws IOException {
    for (Digest d : cache.blobs().list()) {
      try {
        blobSizes.put(d, cache.blobs().size(d));
      } catch (NoSuchFileException goneMeanwhile) {
        // usage() runs without a lock; a concurrent prune may have removed it.
      }
    }
  }

  /** Adds (+1) or drops (-1) a record's blob references; returns bytes of blobs whose count hit 0. */
  private long reference(CacheRecord r, int delta) {
    long freed = 0;
    for (Digest d : new HashSet<>(r.blobs())) {
      int n = refs.getOrDefault(d, 0) + delta;
      if (n <= 0) {
        refs.remove(d);
        freed += blobSizes.getOrDefault(d, 0L);
      } else {
        refs.put(d, n);
      }
    }
    return delta < 0 ? freed : 0;
  }

  private long dirBytes(CacheRecord r) throws IOException {
    long bytes = 0;
    String s = r.metadata().get(CacheRecord.SNAPSHOT);
    if (s != null) {
      bytes += dirSizes.computeIfAbsent(cache.snapshotsDir().resolve(s), GarbageCollector::sizeOrZero);
    }
    String m = r.metadata().get(CacheRecord.MOUNT);
    if (m != null) {
      bytes += dirSizes.computeIfAbsent(cache.mountsDir().resolve(m), GarbageCollector::sizeOrZero);
    }
    return bytes;
  }

  private static long sizeOrZero(Path dir) {
    try {
      return FileTrees.size(dir);
    } catch (IOException e) {
      return 0;
    }
  }
}
