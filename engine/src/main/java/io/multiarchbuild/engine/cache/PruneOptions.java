package io.multiarchbuild.engine.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link CacheDir#prune} removes.
 *
 * <ul>
 *   <li>Candidates are records of the {@code kinds} given (empty: every kind except cache mounts,
 *       unless {@code all}) and, with {@code olderThan}, only those not used for that long.
 *   <li>With {@code keepBytes > 0}, candidates are removed least recently used first only until the
 *       cache's disk usage is at most {@code keepBytes}; otherwise every candidate is removed.
 *   <li>{@code all} also makes cache-mount directories candidates: they hold state users build up on
 *       purpose (package caches), so a plain prune keeps them, as only {@code --all} or an explicit
 *       {@code type=cache-mount} filter says otherwise.
 * </ul>
 *
 * Records that are broken (missing blobs or directories) are always removed; unreferenced blobs and
 * directories are always swept.
 */
public record PruneOptions(
    long keepBytes, Optional<Duration> olderThan, boolean all, Set<CacheRecord.Kind> kinds) {

  public PruneOptions {
    if (keepBytes < 0) {
      throw new IllegalArgumentException("negative keepBytes " + keepBytes);
    }
    kinds = Set.copyOf(kinds);
  }

  /** Everything except cache mounts. */
  public static PruneOptions defaults() {
    return new PruneOptions(0, Optional.empty(), false, Set.of());
  }

  /** Shrink to {@code limitBytes}, least recently used first, cache mounts included. */
  public static PruneOptions keep(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("GC limit must be positive: " + limitBytes);
    }
    return new PruneOptions(limitBytes, Optional.empty(), true, Set.of());
  }

  boolean isCandidateKind(CacheRecord.Kind kind) {
    if (!kinds.isEmpty()) {
      return kinds.contains(kind);
    }
    return all || kind != CacheRecord.Kind.CACHE_MOUNT;
  }
}
