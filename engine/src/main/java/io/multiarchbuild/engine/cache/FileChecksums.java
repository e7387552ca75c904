package io.multiarchbuild.engine.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ATTRS = "unix:size,lastModifiedTime,ino,ctime,mode";
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;

  /** One remembered file: the stat tuple and the digest it had. */
  record Entry(long size, long mtimeNs, long ino, long ctimeNs, int mode, String sha256) {}

  /** The on-disk index: the context root it is for, and entries by relative path. */
  record IndexJson(int version, String root, Map<String, Entry> entries) {}

  private final Path root;
  private final Path indexFile;
  private final Path tmp;
  private final Duration racyWindow;
  private final ConcurrentHashMap<String, Entry> entries;
  private final AtomicLong contentReads = new AtomicLong();
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

  static Map<String, Entry> readIndex(Path root, Path indexFile) throws IOException {
    try {
      IndexJson json = JSON.readValue(Files.readAllBytes(indexFile), IndexJson.class);
      if (json.version() == 1 && root.toString().equals(json.root()) && json.entries() != null) {
        return json.entries();
      }
    } catch (NoSuchFileException e) {
      // first build of this context
    } catch (IOException e) {
      // Damaged (e.g. a crash before the rename reached disk): start over, it is only a cache.
    }
    return Map.of();
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
    Path real = file.toRealPath();
    if (!real.startsWith(root)) {
      throw new IOException(relPath + " leads outside the build context " + root);
    }
    if (!real.equals(file)) {
      rel = root.relativize(real).toString();
      file = real;
    }
    Map<String, Object> st = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
    if ((mode(st) & S_IFMT) != S_IFREG) {
      throw new IOException(relPath + " in " + root + " is not a regular file");
    }
    return Digest.parse("sha256:" + fileDigest(rel, file, st));
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
    TreeMap<String, String> lines = new TreeMap<>();
    for (String p : relPaths) {
      String rel = clean(p);
      Path start = rel.isEmpty() ? root : root.resolve(rel);
      if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(p + " (in build context " + root + ")");
      }
      Files.walkFileTree(
          start,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
              add(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              add(file);
              return FileVisitResult.CONTINUE;
            }

            private void add(Path path) throws IOException {
              String r = root.relativize(path).toString();
              if (!lines.containsKey(r)) {
                lines.put(r, line(r, path));
              }
            }
          });
    }
    MessageDigest md = Digest.newSha256();
    md.update("multiarch-build tree v1\0".getBytes(StandardCharsets.UTF_8));
    for (String line : lines.values()) {
      md.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return Digest.ofSha256(md.digest());
  }

  private String line(String rel, Path path) throws IOException {
    Map<String, Object> st = Files.readAttributes(path, ATTRS, LinkOption.NOFOLLOW_LINKS);
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
    Entry after = entry(Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS), hex);
    boolean stable = sameStat(now, after);
    boolean racy = after.mtimeNs() > startedNs - racyWindow.toNanos();
    if (stable && !racy) {
      entries.put(rel, after);
      dirty = true;
    } else if (known != null) {
      entries.remove(rel);
      dirty = true;
    }
    return hex;
  }

  private String hash(Path file) throws IOException {
    contentReads.incrementAndGet();
    MessageDigest md = Digest.newSha256();
    byte[] buffer = new byte[1 << 16];
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
    Path staged = Files.createTempFile(tmp, "checksums-", ".json");
    try {
      JSON.writeValue(staged.toFile(), new IndexJson(1, root.toString(), new TreeMap<>(entries)));
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
}
