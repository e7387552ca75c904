package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.cache.CacheRecord;
import io.multiarchbuild.engine.cache.CacheUsage;
import io.multiarchbuild.engine.oci.Digest;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The buildx-style table shared by {@code du} and {@code prune}: {@code ID RECLAIMABLE SIZE LAST
 * ACCESSED}, columns padded with spaces to tab stops as buildx's tabwriter shows them; a {@code *}
 * after an ID marks a mutable entry (a cache mount), after a size a record whose blobs are shared.
 */
final class CacheTable {
  private CacheTable() {}

  static void header(PrintWriter out) {
    out.println(row("ID", "RECLAIMABLE", "SIZE", "LAST ACCESSED"));
  }

  static void row(PrintWriter out, CacheUsage.Entry e, Instant now) {
    CacheRecord r = e.record();
    out.println(
        row(
            id(r) + (r.kind() == CacheRecord.Kind.CACHE_MOUNT ? "*" : ""),
            "true",
            HumanUnits.size(e.bytes()) + (e.shared() ? "*" : ""),
            HumanUnits.ago(Duration.between(r.lastUsed(), now))));
  }

  /** {@code du --verbose}: one block of {@code Name: value} lines per record. */
  static void verbose(PrintWriter out, CacheUsage.Entry e, Instant now) {
    CacheRecord r = e.record();
    kv(out, "ID", id(r));
    kv(out, "Key", r.key());
    kv(out, "Type", r.kind().label());
    kv(out, "Created at", r.created().toString());
    kv(out, "Mutable", Boolean.toString(r.kind() == CacheRecord.Kind.CACHE_MOUNT));
    kv(out, "Reclaimable", "true");
    kv(out, "Shared", Boolean.toString(e.shared()));
    kv(out, "Size", HumanUnits.size(e.bytes()));
    String description = r.metadata().get(CacheRecord.DESCRIPTION);
    if (description != null) {
      kv(out, "Description", description);
    }
    kv(out, "Blobs", Integer.toString(r.blobs().size()));
    kv(out, "Last used", HumanUnits.ago(Duration.between(r.lastUsed(), now)));
    out.println();
  }

  static void kv(PrintWriter out, String name, String value) {
    out.println(pad(name + ":", 16) + value);
  }

  /** A stable short id: the first 25 hex digits of the key's sha256 (the index file's name). */
  static String id(CacheRecord r) {
    return Digest.sha256(r.key()).hex().substring(0, 25);
  }

  private static String row(String id, String reclaimable, String size, String lastAccessed) {
    return pad(id, 48) + pad(reclaimable, 16) + pad(size, 16) + lastAccessed;
  }

  /** Left-aligns {@code s} to {@code width}, or to the next tab stop (8) past it when longer. */
  private static String pad(String s, int width) {
    int w = s.length() < width ? width : (s.length() / 8 + 1) * 8;
    return s + " ".repeat(w - s.length());
  }

  static List<CacheUsage.Entry> largestFirst(List<CacheUsage.Entry> entries) {
    return entries.stream()
        .sorted(
            java.util.Comparator.comparingLong(CacheUsage.Entry::bytes)
                .reversed()
                .thenComparing(e -> e.record().key()))
        .toList();
  }
}
