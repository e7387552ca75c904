package io.multiarchbuild.engine.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Cache records, one JSON file per key: {@code index/<sha256(key)>.json}. Files are published by
 * rename, so a reader sees a whole record or none. The file's modification time is the record's
 * last use: a hit costs one {@code utimensat}, not a rewrite.
 *
 * <p>A record whose blobs, snapshot or mount directory are gone is a miss ({@link Lookup.Status#BROKEN},
 * with what is missing), never a wrong result; prune removes such records.
 */
public final class CacheIndex {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome of {@link #lookup}: a hit, a plain miss, or a broken record (a miss, reported). */
  public record Lookup(Status status, Optional<CacheRecord> record, List<String> missing) {
    public enum Status {
      HIT,
      MISS,
      BROKEN
    }

    public Lookup {
      missing = List.copyOf(missing);
    }
  }

  private final Path dir;
  private final Path tmp;
  private final ContentStore blobs;
  private final Predicate<String> snapshotExists;
  private final Predicate<String> mountExists;

  CacheIndex(
      Path dir,
      Path tmp,
      ContentStore blobs,
      Predicate<String> snapshotExists,
      Predicate<String> mountExists) {
    this.dir = dir;
    this.tmp = tmp;
    this.blobs = blobs;
    this.snapshotExists = snapshotExists;
    this.mountExists = mountExists;
  }

  /** The record for {@code key} if it is complete; marks it used now. */
  public Optional<CacheRecord> get(String key) throws IOException {
    return lookup(key).record();
  }

  /** Looks {@code key} up; on a hit marks the record used now. */
  public Lookup lookup(String key) throws IOException {
    Optional<CacheRecord> found = read(file(key));
    if (found.isEmpty()) {
      return new Lookup(Lookup.Status.MISS, Optional.empty(), List.of());
    }
    CacheRecord record = found.get();
    List<String> missing = missingParts(record);
    if (!missing.isEmpty()) {
      log().log(Level.WARNING, "cache record {0} is incomplete (missing {1}); treating it as a miss", key, missing);
      return new Lookup(Lookup.Status.BROKEN, Optional.empty(), missing);
    }
    Instant now = Instant.now();
    touch(key, now);
    return new Lookup(Lookup.Status.HIT, Optional.of(record.withLastUsed(now)), List.of());
  }

  /** Stores (or replaces) a record; its {@code lastUsed} becomes the file's mtime. */
  public void put(CacheRecord record) throws IOException {
    Path staged = Files.createTempFile(tmp, "record-", ".json");
    try {
      Files.write(staged, RecordJson.of(record).toBytes());
      Fsync.file(staged);
      Files.setLastModifiedTime(staged, FileTime.from(record.lastUsed()));
      Files.move(staged, file(record.key()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Fsync.directory(dir);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  /** Removes the record for {@code key}; false if there was none. */
  public boolean remove(String key) throws IOException {
    return Files.deleteIfExists(file(key));
  }

  /** Every readable record (without touching them), oldest use first. */
  public List<CacheRecord> list() throws IOException {
    List<CacheRecord> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        read(f).ifPresent(out::add);
      }
    }
    out.sort(
        java.util.Comparator.comparing(CacheRecord::lastUsed).thenComparing(CacheRecord::key));
    return out;
  }

  /** What the record needs that is not on disk: blob digests, {@code snapshot:<id>}, {@code mount:<id>}. */
  List<String> missingParts(CacheRecord record) {
    List<String> missing = new ArrayList<>();
    for (Digest d : record.blobs()) {
      if (!blobs.has(d)) {
        missing.add(d.toString());
      }
    }
    String snapshot = record.metadata().get(CacheRecord.SNAPSHOT);
    if (snapshot != null && !snapshotExists.test(snapshot)) {
      missing.add("snapshot:" + snapshot);
    }
    String mount = record.metadata().get(CacheRecord.MOUNT);
    if (mount != null && !mountExists.test(mount)) {
      missing.add("mount:" + mount);
    }
    return missing;
  }

  void touch(String key, Instant when) throws IOException {
    try {
      Files.setLastModifiedTime(file(key), FileTime.from(when));
    } catch (NoSuchFileException removedMeanwhile) {
      // Only GC removes records, under the exclusive lock; a lookup outside a lease may race it.
    }
  }

  private Path file(String key) {
    return dir.resolve(Digest.sha256(key).hex() + ".json");
  }

  private static Optional<CacheRecord> read(Path file) throws IOException {
    byte[] bytes;
    FileTime mtime;
    try {
      mtime = Files.getLastModifiedTime(file);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(RecordJson.parse(bytes).toRecord(mtime.toInstant()));
    } catch (IOException | RuntimeException e) {
      // Unreadable (written by a future version, or damaged): a miss, and GC will not trust it.
      log().log(Level.WARNING, "ignoring unreadable cache record {0}: {1}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The on-disk JSON shape; digests as strings, kind by its label. Properties in this order, metadata
   * sorted by key: the bytes Jackson's bean serializer wrote for this record, which records on disk
   * have. Read and written through the tree and streaming APIs, not by reflection: Jackson's first
   * bean (de)serializer construction cost about 0.1 s of CPU in every fresh JVM, and a fully cached
   * build reads a record per step.
   */
  record RecordJson(
      String key,
      String kind,
      List<String> blobs,
      Map<String, String> metadata,
      String created,
      long size) {

    private static final java.util.Set<String> PROPERTIES = java.util.Set.of("key", "kind", "blobs", "metadata", "created", "size");

    static RecordJson of(CacheRecord r) {
      return new RecordJson(
          r.key(),
          r.kind().label(),
          r.blobs().stream().map(Digest::toString).toList(),
          new TreeMap<>(r.metadata()),
          r.created().toString(),
          r.size());
    }

    byte[] toBytes() throws IOException {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
      try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("kind", kind);
        g.writeFieldName("blobs");
        if (blobs == null) {
          g.writeNull();
        } else {
          g.writeStartArray();
          for (String b : blobs) {
            g.writeString(b);
          }
          g.writeEndArray();
        }
        g.writeFieldName("metadata");
        if (metadata == null) {
          g.writeNull();
        } else {
          g.writeStartObject();
          for (Map.Entry<String, String> e : metadata.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        g.writeStringField("created", created);
        g.writeNumberField("size", size);
        g.writeEndObject();
      }
      return out.toByteArray();
    }

    /** Strict as the bean deserializer was: an unknown property or a wrongly typed value is an error. */
    static RecordJson parse(byte[] bytes) throws IOException {
      JsonNode n = JSON.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      for (java.util.Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!PROPERTIES.contains(name)) {
          throw new IllegalArgumentException("unknown property \"" + name + "\"");
        }
      }
      List<String> blobs = null;
      JsonNode b = n.get("blobs");
      if (b != null && !b.isNull()) {
        if (!b.isArray()) {
          throw new IllegalArgumentException("blobs is not an array");
        }
        blobs = new ArrayList<>();
        for (JsonNode e : b) {
          blobs.add(text(e, "blobs[]"));
        }
      }
      Map<String, String> metadata = null;
      JsonNode m = n.get("metadata");
      if (m != null && !m.isNull()) {
        if (!m.isObject()) {
          throw new IllegalArgumentException("metadata is not an object");
        }
        metadata = new TreeMap<>();
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          metadata.put(e.getKey(), text(e.getValue(), "metadata value"));
        }
      }
      JsonNode size = n.get("size");
      if (size != null && !size.isNull() && !size.canConvertToExactIntegral()) {
        throw new IllegalArgumentException("size is not an integer");
      }
      return new RecordJson(text(n.get("key"), "key"), text(n.get("kind"), "kind"), blobs, metadata, text(n.get("created"), "created"),
          size == null ? 0 : size.asLong());
    }

    private static String text(JsonNode v, String what) {
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isValueNode() || v.isBinary()) {
        throw new IllegalArgumentException(what + " is not a string");
      }
      return v.asText();
    }

    CacheRecord toRecord(Instant lastUsed) {
      CacheRecord.Kind k = CacheRecord.Kind.fromLabel(kind);
      if (k == null) {
        throw new IllegalArgumentException("unknown kind " + kind);
      }
      return new CacheRecord(
          key,
          k,
          blobs == null ? List.of() : blobs.stream().map(Digest::parse).toList(),
          metadata == null ? Map.of() : metadata,
          Instant.parse(created),
          lastUsed,
          size);
    }
  }

  /**
   * Looked up when a warning is logged, not at class load: the first {@code System.getLogger} starts
   * java.util.logging (LogManager, logging.properties), which every build paid at start for a warning
   * that is rarely logged.
   */
  private static System.Logger log() {
    return System.getLogger(CacheIndex.class.getName());
  }
}
