package io.multiarchbuild.engine.cache;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The local build cache: the one entry point of this package. {@link #open} checks (or creates) the
 * directory; the parts are {@link #blobs()}, {@link #index()}, {@link #locks()} and
 * {@link #fileChecksums(Path)}; snapshot and cache-mount directories are allocated here; usage,
 * prune and GC are {@link #usage()}, {@link #prune} and {@link #gcTo}. The layout is described in
 * the package documentation.
 */
public final class CacheDir {

  /** The on-disk format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  static final String VERSION_FILE = "VERSION";
  // lost+found: the cache may be the root of a dedicated volume.
  private static final Set<String> OWN_NAMES =
      Set.of(VERSION_FILE, "blobs", "index", "snapshots", "mounts", "checksums", "tmp", "locks", "http", "git",
          "resolved", "lost+found");

  private final Path root;
  private final ContentStore blobs;
  private final CacheIndex index;
  private final CacheLocks locks;

  private CacheDir(Path root) {
    this.root = root;
    this.blobs = new ContentStore(root.resolve("blobs"), tmpDir());
    this.locks = new CacheLocks(root.resolve("locks"));
    this.index =
        new CacheIndex(
            root.resolve("index"),
            tmpDir(),
            blobs,
            id -> Files.isDirectory(snapshotsDir().resolve(id)),
            id -> Files.isDirectory(mountsDir().resolve(id)));
  }

  /**
   * {@code $XDG_CACHE_HOME/multiarch-build}, or {@code $HOME/.cache/multiarch-build} when that variable
   * is unset or not absolute (as the XDG base directory spec says), of the caller's environment
   * {@code env} (not the JVM's: a build server serves callers with different ones).
   *
   * @throws CacheError when neither variable gives an absolute directory
   */
  public static Path defaultRoot(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg).resolve("multiarch-build");
    }
    String home = env.get("HOME");
    if (home == null || home.isEmpty() || !Path.of(home).isAbsolute()) {
      throw CacheError.noDefaultRoot();
    }
    return Path.of(home, ".cache", "multiarch-build");
  }

  /**
   * The cache at {@code root} to read from, if one of this format is there; nothing is created,
   * locked or cleaned (for commands that only look, such as {@code plan}).
   */
  public static Optional<CacheDir> existing(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    try {
      String v = Files.readString(abs.resolve(VERSION_FILE), StandardCharsets.UTF_8).trim();
      return v.equals(Integer.toString(FORMAT_VERSION)) ? Optional.of(new CacheDir(abs)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens the cache at {@code root}, creating it if it does not exist. Refuses (with a
   * {@link CacheError}) a directory that is not writable, holds another format version, or holds
   * other files and is not a cache. Staging files left by a crashed build are removed when nobody
   * else is using the cache.
   */
  public static CacheDir open(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      if (!Files.isDirectory(abs)) {
        throw CacheError.unusable(abs, "is not a directory");
      }
      checkVersion(abs);
      for (String sub : List.of("blobs/sha256", "index", "snapshots", "mounts", "checksums", "tmp", "locks")) {
        Files.createDirectories(abs.resolve(sub));
      }
    } catch (AccessDeniedException e) {
      throw CacheError.unusable(abs, "is not writable (" + e.getFile() + ")");
    } catch (FileSystemException e) {
      throw CacheError.unusable(abs, "cannot be used: " + e.getMessage());
    }
    if (!Files.isWritable(abs.resolve("tmp")) || !Files.isWritable(abs.resolve("index"))) {
      throw CacheError.unusable(abs, "is not writable");
    }
    CacheDir dir = new CacheDir(abs);
    dir.cleanStaging();
    return dir;
  }

  private static void checkVersion(Path root) throws IOException {
    Path versionFile = root.resolve(VERSION_FILE);
    if (!Files.exists(versionFile)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
        for (Path e : entries) {
          String name = e.getFileName().toString();
          if (!OWN_NAMES.contains(name) && !name.startsWith(".version-")) {
            throw CacheError.unusable(root, "is not empty and not a multiarch-build cache (found " + name + ")");
          }
        }
      }
      // Published by rename so a concurrent opener sees no version or the whole version.
      Path staged = Files.createTempFile(root, ".version-", ".tmp");
      try {
        Files.writeString(staged, FORMAT_VERSION + "\n");
        Files.move(staged, versionFile, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(staged);
      }
    }
    String text = Files.readString(versionFile, StandardCharsets.UTF_8).trim();
    if (!text.equals(Integer.toString(FORMAT_VERSION))) {
      throw CacheError.unusable(
          root,
          "has cache format version " + text + " but this multiarch-build uses " + FORMAT_VERSION
              + " (remove it, or use the multiarch-build that wrote it)");
    }
  }

  /** Wipes {@code tmp/} if no other build holds the cache (their staging files live there). */
  private void cleanStaging() throws IOException {
    Optional<CacheLocks.Lease> exclusive = locks.tryExclusive();
    if (exclusive.isEmpty()) {
      return;
    }
    try {
      FileTrees.deleteChildren(tmpDir());
    } finally {
      exclusive.get().close();
    }
  }

  public Path root() {
    return root;
  }

  public ContentStore blobs() {
    return blobs;
  }

  public CacheIndex index() {
    return index;
  }

  public CacheLocks locks() {
    return locks;
  }

  /** Image references resolved recently (FROM without --pull reuses them), {@link ResolvedImages#DEFAULT_TTL}. */
  public ResolvedImages resolvedImages() {
    return new ResolvedImages(root.resolve("resolved"), tmpDir(), ResolvedImages.DEFAULT_TTL, java.time.Clock.systemUTC());
  }

  /**
   * The checksum index for one build context ({@code contextRoot} is resolved to its real path, so
   * every way of naming it shares one index). Call {@link FileChecksums#save()} (or close it) to
   * persist what was learned.
   */
  public FileChecksums fileChecksums(Path contextRoot) throws IOException {
    Path real = contextRoot.toRealPath();
    Path file = root.resolve("checksums").resolve(Digest.sha256(real.toString()).hex() + ".bin");
    return FileChecksums.load(real, file, tmpDir());
  }

  // --- snapshots -------------------------------------------------------------------------------

  /**
   * A new, empty directory under {@code snapshots/} for the snapshot code to fill. Allocate under a
   * {@link CacheLocks#lease()} and keep it alive by putting a record with metadata
   * {@link CacheRecord#SNAPSHOT} = its id before the lease ends; otherwise GC sweeps it.
   */
  public Path allocateSnapshot() throws IOException {
    Path dir = snapshotsDir().resolve(UUID.randomUUID().toString().replace("-", ""));
    Files.createDirectory(dir);
    return dir;
  }

  /** The snapshot directory with this id (its file name), if it exists. */
  public Optional<Path> snapshot(String id) {
    Path dir = snapshotsDir().resolve(checkName(id));
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /**
   * Deletes a snapshot directory: first renamed into {@code tmp/} (atomic, so it is never seen half
   * deleted), then removed.
   */
  public boolean deleteSnapshot(String id) throws IOException {
    return removeAtomically(snapshotsDir().resolve(checkName(id)));
  }

  // --- cache mounts ----------------------------------------------------------------------------

  /**
   * The persistent directory of the cache mount {@code id} ({@code RUN --mount=type=cache,id=...}),
   * created on first use, plus a {@link CacheRecord.Kind#CACHE_MOUNT} record that keeps it and tracks
   * its last use. Concurrent users coordinate with {@link CacheLocks#lockMount(String)}.
   */
  public Path mountDir(String id) throws IOException {
    String name = Digest.sha256(id).hex();
    Path dir = mountsDir().resolve(name);
    Files.createDirectories(dir);
    String key = mountKey(id);
    if (index.get(key).isEmpty()) {
      index.put(
          CacheRecord.of(
              key,
              CacheRecord.Kind.CACHE_MOUNT,
              List.of(),
              Map.of(CacheRecord.MOUNT, name, CacheRecord.DESCRIPTION, "cache mount " + id),
              0));
    }
    return dir;
  }

  static String mountKey(String id) {
    return "cache-mount:" + id;
  }

  // --- usage, prune, GC --------------------------------------------------------------------------

  /** Disk usage by record and by kind. Takes no lock: numbers may move while builds run. */
  public CacheUsage usage() throws IOException {
    return new GarbageCollector(this).usage();
  }

  /**
   * Removes records as {@code options} say (least recently used first), then every blob, snapshot
   * and mount directory that no remaining record references. Waits for running builds to finish
   * (it takes the exclusive lock).
   */
  public PruneResult prune(PruneOptions options) throws IOException, InterruptedException {
    CacheLocks.Lease exclusive = locks.exclusive();
    try {
      return new GarbageCollector(this).prune(options);
    } finally {
      exclusive.close();
    }
  }

  /**
   * Automatic GC after a build: shrinks the cache to {@code limitBytes} if nobody else is using it;
   * if another build holds a lease it does nothing and returns a result with {@code skipped()} true. The
   * caller must have closed its own lease.
   */
  public PruneResult gcTo(long limitBytes) throws IOException {
    Optional<CacheLocks.Lease> exclusive = locks.tryExclusive();
    if (exclusive.isEmpty()) {
      return PruneResult.notRun();
    }
    try {
      return new GarbageCollector(this).prune(PruneOptions.keep(limitBytes));
    } finally {
      exclusive.get().close();
    }
  }

  /** Rehashes every blob; corrupt ones are deleted (so records using them become misses) and returned. */
  public List<Digest> verify() throws IOException, InterruptedException {
    CacheLocks.Lease exclusive = locks.exclusive();
    try {
      List<Digest> corrupt = new java.util.ArrayList<>();
      for (Digest d : blobs.list()) {
        if (!blobs.verify(d)) {
          corrupt.add(d);
          blobs.delete(d);
        }
      }
      return corrupt;
    } finally {
      exclusive.close();
    }
  }

  // --- internals -------------------------------------------------------------------------------

  Path tmpDir() {
    return root.resolve("tmp");
  }

  Path snapshotsDir() {
    return root.resolve("snapshots");
  }

  Path mountsDir() {
    return root.resolve("mounts");
  }

  boolean removeAtomically(Path dir) throws IOException {
    Path grave = tmpDir().resolve("deleting-" + UUID.randomUUID());
    try {
      Files.move(dir, grave, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    }
    FileTrees.delete(grave);
    return true;
  }

  private static String checkName(String id) {
    if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
      throw new IllegalArgumentException("bad snapshot id " + id);
    }
    return id;
  }
}
