package io.multiarchbuild.engine.oci;

import com.github.luben.zstd.ZstdOutputStream;
import io.multiarchbuild.engine.common.NonClosingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a layer: a deterministic tar of {@link LayerEntry}s, compressed, with its diff_id, blob
 * digest and both sizes computed in the same single pass that writes it (the tar bytes go through a
 * hasher into the compressor, whose output goes through a second hasher into the sink; nothing is
 * read back).
 *
 * <p>Deterministic: entries are sorted by path; owner names are empty; times are whole seconds
 * (clamped to {@code SOURCE_DATE_EPOCH} when given); PAX headers appear only when needed (long or
 * non-ASCII names, big numbers, xattrs) and are built byte-exactly; gzip is written as fixed-size
 * members independent of the thread count (see {@link BlockGzipOutputStream}).
 */
public final class LayerWriter {

  /** gzip level when none is given: zlib's fastest, as the layer is the build's cost (DESIGN.md). */
  public static final int DEFAULT_GZIP_LEVEL = 1;

  /** zstd level when none is given: zstd's own default. */
  public static final int DEFAULT_ZSTD_LEVEL = 3;

  private static final int BUFFER = 1 << 16;

  /**
   * How to write layers.
   *
   * @param compression none, gzip or zstd
   * @param level compression level; a negative value means the compression's default
   * @param threads compression threads (1 = on the calling thread); never changes the output bytes
   * @param sourceDateEpoch when set, every later mtime is clamped down to it (buildx's
   *     {@code SOURCE_DATE_EPOCH} + {@code rewrite-timestamp})
   * @param mediaTypes media type family of the resulting blob descriptor
   */
  public record Options(
      Compression compression, int level, int threads, Instant sourceDateEpoch, MediaTypeStyle mediaTypes) {

    public Options {
      Objects.requireNonNull(compression, "compression");
      Objects.requireNonNull(mediaTypes, "mediaTypes");
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
    }

    /** gzip at {@link #DEFAULT_GZIP_LEVEL} on all cores, no clamp, OCI media types. */
    public static Options defaults() {
      return new Options(Compression.GZIP, -1, Runtime.getRuntime().availableProcessors(), null, MediaTypeStyle.OCI);
    }

    public Options withCompression(Compression c, int lvl) {
      return new Options(c, lvl, threads, sourceDateEpoch, mediaTypes);
    }

    public Options withThreads(int n) {
      return new Options(compression, level, n, sourceDateEpoch, mediaTypes);
    }

    public Options withSourceDateEpoch(Instant epoch) {
      return new Options(compression, level, threads, epoch, mediaTypes);
    }

    public Options withMediaTypes(MediaTypeStyle style) {
      return new Options(compression, level, threads, sourceDateEpoch, style);
    }

    int effectiveLevel() {
      if (level >= 0) {
        return level;
      }
      return compression == Compression.ZSTD ? DEFAULT_ZSTD_LEVEL : DEFAULT_GZIP_LEVEL;
    }
  }

  private final Options options;

  public LayerWriter(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The entries of the tree under {@code root} (not including {@code root} itself), with modes,
   * owners, times, user xattrs, device numbers, and hardlinks detected by inode. Symlinks are entries,
   * never followed; sockets are skipped (tar cannot hold them).
   */
  public static List<LayerEntry> entriesOf(Path root) throws IOException {
    return DirectoryEntries.scan(root, true);
  }

  /**
   * As {@link #entriesOf(Path)}, optionally without xattrs: reading them costs the JDK an open,
   * listxattr and close per file, about a third of the scan of many small files.
   */
  public static List<LayerEntry> entriesOf(Path root, boolean withXattrs) throws IOException {
    return DirectoryEntries.scan(root, withXattrs);
  }

  /** Writes the layer blob to {@code blobFile} (created or replaced). */
  public Layer write(List<LayerEntry> entries, Path blobFile) throws IOException {
    try (OutputStream out = Files.newOutputStream(blobFile)) {
      return write(entries, out);
    }
  }

  /** Writes the layer blob to {@code sink}, which is flushed but not closed. */
  public Layer write(List<LayerEntry> entries, OutputStream sink) throws IOException {
    List<LayerEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(LayerEntry::path));
    DigestingOutputStream blob = new DigestingOutputStream(new NonClosingOutputStream(sink));
    OutputStream compressor = compressor(blob);
    DigestingOutputStream tar = new DigestingOutputStream(compressor);
    try (TarArchiveOutputStream tarOut = new TarArchiveOutputStream(new BufferedOutputStream(tar, BUFFER), "UTF-8")) {
      // PAX headers are ours (PaxHeader); commons-compress must never add its own.
      tarOut.setLongFileMode(TarArchiveOutputStream.LONGFILE_TRUNCATE);
      tarOut.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      tarOut.setAddPaxHeadersForNonAsciiNames(false);
      writeEntries(sorted, tarOut);
      tarOut.finish();
    }
    sink.flush();
    Digest diffId = tar.digest();
    Digest blobDigest = options.compression() == Compression.NONE ? diffId : blob.digest();
    Descriptor d = Descriptor.of(options.mediaTypes().layerType(options.compression()), blobDigest, blob.count());
    return new Layer(d, diffId, tar.count());
  }

  private void writeEntries(List<LayerEntry> sorted, TarArchiveOutputStream tarOut) throws IOException {
    byte[] buffer = new byte[BUFFER];
    Map<String, LayerEntry> byPath = new HashMap<>();
    for (LayerEntry e : sorted) {
      if (byPath.put(e.path(), e) != null && !e.path().isEmpty()) {
        throw new IllegalArgumentException("duplicate layer entry " + e.path());
      }
    }
    // A hardlink group (a file and the links to it) is written with its first path in sort order as
    // the file and every other path as a link to that one, whichever path the caller named the file.
    Map<String, String> firstOfGroup = new HashMap<>();
    for (LayerEntry e : sorted) {
      if (e.type() == LayerEntry.Type.HARDLINK) {
        LayerEntry target = byPath.get(e.linkTarget());
        if (target == null || target.type() != LayerEntry.Type.FILE) {
          throw new IllegalArgumentException(
              "hardlink " + e.path() + " -> " + e.linkTarget() + ": the target must be a regular file of the layer");
        }
        firstOfGroup.putIfAbsent(target.path(), e.path());
      }
    }
    firstOfGroup.replaceAll((target, firstLink) -> target.compareTo(firstLink) < 0 ? target : firstLink);
    for (LayerEntry e : sorted) {
      if (e.path().isEmpty()) {
        continue; // the layer root is implied; BuildKit and Docker write no "./" entry
      }
      LayerEntry out = e;
      String groupTarget = e.type() == LayerEntry.Type.HARDLINK ? e.linkTarget() : e.path();
      String first = firstOfGroup.get(groupTarget);
      if (first != null) {
        LayerEntry file = byPath.get(groupTarget);
        out =
            e.path().equals(first)
                ? new LayerEntry(e.path(), LayerEntry.Type.FILE, file.mode(), file.uid(), file.gid(), file.mtime(), file.size(),
                    null, file.xattrs(), 0, 0, file.content())
                : new LayerEntry(e.path(), LayerEntry.Type.HARDLINK, file.mode(), file.uid(), file.gid(), file.mtime(), 0,
                    first, Map.of(), 0, 0, null);
      }
      writeEntry(out, tarOut, buffer);
    }
  }

  private void writeEntry(LayerEntry e, TarArchiveOutputStream tarOut, byte[] buffer) throws IOException {
    String name = e.type() == LayerEntry.Type.DIRECTORY ? e.path() + "/" : e.path();
    long mtime = e.mtime().getEpochSecond();
    if (options.sourceDateEpoch() != null && mtime > options.sourceDateEpoch().getEpochSecond()) {
      mtime = options.sourceDateEpoch().getEpochSecond();
    }
    byte[] pax = PaxHeader.recordsFor(e, name, mtime);
    if (pax != null) {
      TarArchiveEntry h = new TarArchiveEntry(PaxHeader.headerName(name), TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
      clearDefaults(h, 0);
      h.setMode(0644);
      h.setSize(pax.length);
      tarOut.putArchiveEntry(h);
      tarOut.write(pax);
      tarOut.closeArchiveEntry();
    }
    TarArchiveEntry t = new TarArchiveEntry(name, flagOf(e.type()), true);
    clearDefaults(t, mtime);
    t.setMode(e.mode() & 07777);
    t.setUserId(Math.max(0, Math.min(e.uid(), PaxHeader.MAX_OCTAL_7)));
    t.setGroupId(Math.max(0, Math.min(e.gid(), PaxHeader.MAX_OCTAL_7)));
    if (e.linkTarget() != null) {
      t.setLinkName(e.linkTarget());
    }
    if (e.type() == LayerEntry.Type.CHAR_DEVICE || e.type() == LayerEntry.Type.BLOCK_DEVICE) {
      t.setDevMajor(e.devMajor());
      t.setDevMinor(e.devMinor());
    }
    t.setSize(e.size());
    tarOut.putArchiveEntry(t);
    if (e.type() == LayerEntry.Type.FILE && e.size() > 0) {
      copyContent(e, tarOut, buffer);
    }
    tarOut.closeArchiveEntry();
  }

  private static void clearDefaults(TarArchiveEntry t, long mtimeSeconds) {
    // commons-compress fills in the JVM's user name; a reproducible layer names nobody.
    t.setUserName("");
    t.setGroupName("");
    t.setModTime(mtimeSeconds * 1000L);
  }

  /**
   * Copies exactly {@code size} bytes. A file that shrank is an error (the tar would be corrupt); one
   * that grew is archived as it was when scanned, like GNU tar, which also saves a read per file.
   */
  private static void copyContent(LayerEntry e, OutputStream out, byte[] buffer) throws IOException {
    long remaining = e.size();
    try (InputStream in = e.content().open()) {
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new IOException(
              e.path() + " shrank while being archived: expected " + e.size() + " bytes, got " + (e.size() - remaining));
        }
        out.write(buffer, 0, n);
        remaining -= n;
      }
    }
  }

  private static byte flagOf(LayerEntry.Type type) {
    return switch (type) {
      case FILE -> TarConstants.LF_NORMAL;
      case DIRECTORY -> TarConstants.LF_DIR;
      case SYMLINK -> TarConstants.LF_SYMLINK;
      case HARDLINK -> TarConstants.LF_LINK;
      case CHAR_DEVICE -> TarConstants.LF_CHR;
      case BLOCK_DEVICE -> TarConstants.LF_BLK;
      case FIFO -> TarConstants.LF_FIFO;
    };
  }

  private OutputStream compressor(OutputStream blob) throws IOException {
    int level = options.effectiveLevel();
    return switch (options.compression()) {
      case NONE -> blob;
      case GZIP -> new BlockGzipOutputStream(blob, level, options.threads());
      case ZSTD -> {
        try {
          ZstdOutputStream z = new ZstdOutputStream(blob, level);
          // zstd's output is the same for any worker count >= 1 (but differs from 0), so always
          // use at least one worker to keep digests independent of the machine's cores.
          z.setWorkers(options.threads());
          yield z;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
          throw new UnsupportedCompressionException(
              "zstd compression is not available on this machine (native library: " + e.getMessage()
                  + "); use compression=gzip",
              e);
        }
      }
    };
  }
}
