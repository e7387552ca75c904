package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.oci.Digest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Content digests of files in one build context, remembered across builds. Each file's digest is
 * stored with its stat tuple (size, mtime ns, inode, ctime ns, mode); while the tuple is unchanged
 * the file is not read again. This is what makes a warm build cheap (DESIGN: hashing the context is
 * the warm-build cost).
 *
 * <p>Racy entries: a file modified within {@code racyWindow} (default 2 s) before it was hashed could
 * change again within the same timestamp tick without its stat tuple changing, so such a digest is
 * used for this build but not remembered; the next build reads the file again.
 *
 * <p>{@link #checksumTree} digest, format {@code v1}: over the sorted set of every entry at or
 * below the given paths (symlinks are never followed), each entry contributes
 * {@code path NUL type NUL mode NUL value NUL}, where {@code path} is relative to the context root
 * with {@code /} separators, {@code type} is {@code f} (file), {@code d} (directory), {@code l}
 * (symlink) or {@code o<octal file type>} (device, fifo, socket), {@code mode} is the permission
 * bits with setuid/setgid/sticky in octal, and {@code value} is the content digest (files), the
 * link target (symlinks) or empty. Not included: mtime/atime/ctime (as BuildKit, so a fresh checkout
 * hits the cache), uid/gid (COPY sets the owner from --chown, which is part of the op, not from the
 * context, and agents check out as different users), xattrs, hard-link identity.
 */
public final class FileChecksums implements AutoCloseable {

  /** "MABSUMS" + format version 1. */
  private static final long MAGIC = 0x4d4142_53554d53_01L;
  private static final HexFormat HEX = HexFormat.of();
  private static final String ATTRS = "unix:size,lastModifiedTime,ino,ctime,mode";
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  /** One remembered file: the stat tuple and the digest it had. */
  record Entry(long size, long mtimeNs, long ino, long ctimeNs, int mode, String sha256) {}

  // Per thread, not per file: allocating (and zeroing) 64 KiB for each of 20,000 small files was a
  // visible part of a cold checksum run.
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);
  private static final ThreadLocal<MessageDigest> HASHER = ThreadLocal.withInitial(Digest::newSha256);

  private final Path root;
  private final Path indexFile;
  private final Path tmp;
  private final Duration racyWindow;
  private final ConcurrentHashMap<String, Entry> entries;
  private final AtomicLong contentReads = new AtomicLong();
  private final ConcurrentHashMap<Path, Path> realDirs = new ConcurrentHashMap<>();
  private volatile boolean dirty;

  FileChecksums(Path root, Path indexFile, Path tmp, Map<String, Entry> known, Duration racyWindow) {
    this.root = root;
    this.indexFile = indexFile;
    this.tmp = tmp;
    this.racyWindow = racyWindow;
    this.entries = new ConcurrentHashMap<>(known);
  }

  static FileChecksums load(Path root, Path indexFile, Path tmp) throws IOException {
    return new FileChecksums(root, indexFile, tmp, readIndex(root, indexFile), Duration.ofSeconds(2));
  }

  /**
   * Reads the index written by {@link #save()}; anything unreadable (damaged by a crash, written for
   * another root or by another version) counts as empty: it is only an accelerator.
   */
  static Map<String, Entry> readIndex(Path root, Path indexFile) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(indexFile), 1 << 16))) {
      if (in.readLong() != MAGIC || !in.readUTF().equals(root.toString())) {
        return Map.of();
      }
      int n = in.readInt();
      Map<String, Entry> out = new HashMap<>(n * 2);
      byte[] raw = new byte[32];
      for (int i = 0; i < n; i++) {
        String rel = in.readUTF();
        long size = in.readLong();
        long mtime = in.readLong();
        long ino = in.readLong();
        long ctime = in.readLong();
        int mode = in.readInt();
        in.readFully(raw);
        out.put(rel, new Entry(size, mtime, ino, ctime, mode, HEX.formatHex(raw)));
      }
      return out;
    } catch (NoSuchFileException e) {
      return Map.of(); // first build of this context
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }

  /** The context root (its real path). */
  public Path root() {
    return root;
  }

  /**
   * The sha256 of the regular file at {@code relPath} (a path inside the context; {@code ..} cannot
   * leave it). A symlink is followed if its target stays inside the context.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws IOException if it is not a regular file, or leads outside the context
   */
  public Digest checksum(String relPath) throws IOException {
    String rel = clean(relPath);
    Path file = root.resolve(rel);
    Map<String, Object> st = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
    // Where the file really is: its directory's real path (one realpath per directory, not per file:
    // for 20,000 files in 100 directories that was most of the key phase) plus its name; a symlink
    // itself is resolved in full. Either way nothing outside the context is ever read.
    Path real = (mode(st) & S_IFMT) == S_IFLNK || file.getParent() == null
        ? file.toRealPath()
        : realDirectory(file.getParent()).resolve(file.getFileName());
    if (!real.startsWith(root)) {
      throw new IOException(relPath + " leads outside the build context " + root);
    }
    if (!real.equals(file)) {
      rel = root.relativize(real).toString();
      file = real;
      st = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
    }
    if ((mode(st) & S_IFMT) != S_IFREG) {
      throw new IOException(relPath + " in " + root + " is not a regular file");
    }
    return new Digest("sha256", fileDigest(rel, file, st));
  }

  /**
   * The real path of a directory, remembered for the life of this object (one build): a build does
   * not expect its context's directories to be replaced by symlinks while it reads them.
   */
  private Path realDirectory(Path dir) throws IOException {
    Path known = realDirs.get(dir);
    if (known == null) {
      known = dir.toRealPath();
      realDirs.put(dir, known);
    }
    return known;
  }

  /** {@link #checksumTree(List)} of the given paths. */
  public Digest checksumTree(String... relPaths) throws IOException {
    return checksumTree(List.of(relPaths));
  }

  /**
   * A digest of everything at or below {@code relPaths} (files, directories, symlinks), independent
   * of the order of the paths and of directory listing order; the format is in the class comment.
   */
  public Digest checksumTree(List<String> relPaths) throws IOException {
    Map<String, Item> items = new HashMap<>();
    for (String p : relPaths) {
      String rel = clean(p);
      Path start = rel.isEmpty() ? root : root.resolve(rel);
      if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(p + " (in build context " + root + ")");
      }
      walk(start, items);
    }
    // Hashing is the cost of a cold run; files are independent, so all cores share it.
    TreeMap<String, String> lines = new TreeMap<>();
    try {
      items.values().parallelStream()
          .map(this::lineUnchecked)
          .collect(java.util.stream.Collectors.toList())
          .forEach(l -> lines.put(l[0], l[1]));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    MessageDigest md = Digest.newSha256();
    md.update("multiarch-build tree v1\0".getBytes(StandardCharsets.UTF_8));
    for (String line : lines.values()) {
      md.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return Digest.ofSha256(md.digest());
  }

  /**
   * Adds {@code path} and, for a directory, everything below it. One lstat per entry (a
   * {@code walkFileTree} would stat each entry and then we would stat it again for inode and ctime).
   */
  private void walk(Path path, Map<String, Item> items) throws IOException {
    String rel = root.relativize(path).toString();
    if (items.containsKey(rel)) {
      return; // already walked through another of the given paths
    }
    Map<String, Object> st = Files.readAttributes(path, ATTRS, LinkOption.NOFOLLOW_LINKS);
    items.put(rel, new Item(rel, path, st));
    if ((mode(st) & S_IFMT) == S_IFDIR) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          walk(child, items);
        }
      }
    }
  }

  private record Item(String rel, Path path, Map<String, Object> st) {}

  private String[] lineUnchecked(Item item) {
    try {
      return new String[] {item.rel(), line(item.rel(), item.path(), item.st())};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line(String rel, Path path, Map<String, Object> st) throws IOException {
    int mode = mode(st);
    String type;
    String value;
    switch (mode & S_IFMT) {
      case S_IFREG -> {
        type = "f";
        value = "sha256:" + fileDigest(rel, path, st);
      }
      case S_IFDIR -> {
        type = "d";
        value = "";
      }
      case S_IFLNK -> {
        type = "l";
        value = Files.readSymbolicLink(path).toString();
      }
      default -> {
        type = "o" + Integer.toOctalString(mode & S_IFMT);
        value = "";
      }
    }
    return (rel.isEmpty() ? "." : rel) + '\0' + type + '\0' + Integer.toOctalString(mode & 07777) + '\0' + value + '\0';
  }

  /** The hex sha256 of a regular file, from the index when its stat tuple is unchanged. */
  private String fileDigest(String rel, Path file, Map<String, Object> st) throws IOException {
    Entry known = entries.get(rel);
    Entry now = entry(st, null);
    if (known != null && sameStat(known, now)) {
      return known.sha256();
    }
    long startedNs = epochNanos(Instant.now());
    String hex = hash(file);
    // Remembered under the stat taken *before* reading: if the file changes while (or after) we read
    // it, its tuple will differ next time and it is read again. The one blind spot, a change within
    // the same timestamp tick, is what the racy window excludes. So no second stat is needed.
    if (now.mtimeNs() <= startedNs - racyWindow.toNanos()) {
      entries.put(rel, new Entry(now.size(), now.mtimeNs(), now.ino(), now.ctimeNs(), now.mode(), hex));
      dirty = true;
    } else if (known != null) {
      entries.remove(rel);
      dirty = true;
    }
    return hex;
  }

  private String hash(Path file) throws IOException {
    contentReads.incrementAndGet();
    MessageDigest md = HASHER.get();
    md.reset();
    byte[] buffer = BUFFER.get();
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return Digest.ofSha256(md.digest()).hex();
  }

  /** Writes what was learned to the cache directory (atomically); a no-op if nothing changed. */
  public synchronized void save() throws IOException {
    if (!dirty) {
      return;
    }
    // A small binary file rather than JSON: for 20,000 entries Jackson needed about a second to load
    // the index, which is the whole point of the index to avoid.
    Path staged = Files.createTempFile(tmp, "checksums-", ".bin");
    try {
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(staged), 1 << 16))) {
        Map<String, Entry> snapshot = new TreeMap<>(entries);
        out.writeLong(MAGIC);
        out.writeUTF(root.toString());
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
          Entry v = e.getValue();
          out.writeUTF(e.getKey());
          out.writeLong(v.size());
          out.writeLong(v.mtimeNs());
          out.writeLong(v.ino());
          out.writeLong(v.ctimeNs());
          out.writeInt(v.mode());
          out.write(HEX.parseHex(v.sha256()));
        }
      }
      Files.move(staged, indexFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      dirty = false;
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  @Override
  public void close() throws IOException {
    save();
  }

  /** How many times file content was read (test hook: proves unchanged files are not re-read). */
  long contentReads() {
    return contentReads.get();
  }

  private static boolean sameStat(Entry a, Entry b) {
    return a.size() == b.size()
        && a.mtimeNs() == b.mtimeNs()
        && a.ino() == b.ino()
        && a.ctimeNs() == b.ctimeNs()
        && a.mode() == b.mode();
  }

  private static Entry entry(Map<String, Object> st, String hex) {
    return new Entry(
        (Long) st.get("size"),
        epochNanos(((java.nio.file.attribute.FileTime) st.get("lastModifiedTime")).toInstant()),
        (Long) st.get("ino"),
        epochNanos(((java.nio.file.attribute.FileTime) st.get("ctime")).toInstant()),
        mode(st),
        hex);
  }

  private static int mode(Map<String, Object> st) {
    return (Integer) st.get("mode");
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /**
   * Cleans a context-relative path the way the Dockerfile frontend does: separators collapsed,
   * {@code .} dropped, {@code ..} resolved but never above the context root, leading {@code /}
   * ignored. The root itself is "".
   */
  static String clean(String relPath) {
    Objects.requireNonNull(relPath, "relPath");
    if (isClean(relPath)) {
      return relPath; // the common case (paths from a walk): no allocation
    }
    List<String> parts = new ArrayList<>();
    for (String part : relPath.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  /** Whether {@code p} is already what {@link #clean} returns: no empty, {@code .} or {@code ..} part. */
  private static boolean isClean(String p) {
    int start = 0;
    int n = p.length();
    while (start < n) {
      int end = p.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      int len = end - start;
      if (len == 0 || (len == 1 && p.charAt(start) == '.') || (len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.')) {
        return false;
      }
      if (end == n) {
        return true;
      }
      start = end + 1;
      if (start == n) {
        return false; // trailing slash
      }
    }
    return true; // ""
  }
}
