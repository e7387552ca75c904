package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.oci.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cache entry: what a cache key resolved to. {@code blobs} are the content-store blobs the
 * result needs (a record whose blobs are missing is a miss). Metadata {@link #SNAPSHOT} names a
 * directory under {@code snapshots/} and {@link #MOUNT} one under {@code mounts/}; both are kept
 * alive by the record and swept when no record names them. {@code size} is the caller's account of
 * the bytes the record stands for (du shows it; GC measures the disk itself).
 */
public record CacheRecord(
    String key,
    Kind kind,
    List<Digest> blobs,
    Map<String, String> metadata,
    Instant created,
    Instant lastUsed,
    long size) {

  /** Metadata key: the id of the snapshot directory this record keeps alive. */
  public static final String SNAPSHOT = "snapshot";
  /** Metadata key: the directory name (under {@code mounts/}) of a cache mount record. */
  public static final String MOUNT = "mount";
  /** Metadata key: a human description shown by {@code du --verbose}. */
  public static final String DESCRIPTION = "description";

  /** What a record is for; du reports usage per kind and prune can filter by it. */
  public enum Kind {
    LAYER("layer"),
    SNAPSHOT("snapshot"),
    IMAGE_CONFIG("image-config"),
    CONTEXT_CHECKSUM("context-checksum"),
    CACHE_MOUNT("cache-mount"),
    GENERIC("generic");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The stable name used on disk and in {@code --filter type=...}. */
    public String label() {
      return label;
    }

    /** The kind named {@code label}, or null. */
    public static Kind fromLabel(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      return null;
    }
  }

  public CacheRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUsed, "lastUsed");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty cache key");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + key);
    }
    blobs = List.copyOf(blobs);
    metadata = Map.copyOf(metadata);
  }

  /** A new record created and last used now. */
  public static CacheRecord of(
      String key, Kind kind, List<Digest> blobs, Map<String, String> metadata, long size) {
    Instant now = Instant.now();
    return new CacheRecord(key, kind, blobs, metadata, now, now, size);
  }

  public CacheRecord withLastUsed(Instant when) {
    return new CacheRecord(key, kind, blobs, metadata, created, when, size);
  }
}
