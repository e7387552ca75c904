package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies one layer (plain, gzip or zstd tar; detected by magic bytes) onto a directory, as a
 * container runtime does, without ever writing outside that directory:
 *
 * <ul>
 *   <li>names are cleaned: a leading {@code /} is dropped, a {@code ..} climbing above the root is
 *       rejected;
 *   <li>parent directories are walked without the OS following symlinks; a symlink on the way is
 *       resolved inside the root (see {@link RootedPaths}), so a link to {@code /etc} leads to
 *       {@code <root>/etc};
 *   <li>hardlinks must point at an existing non-directory inside the root;
 *   <li>whiteouts ({@code .wh.name}) delete lower content, opaque whiteouts clear a directory's lower
 *       content, and neither is materialised;
 *   <li>PAX headers over 1 MiB and names over 64 KiB are rejected before they are read.
 * </ul>
 *
 * Modes (with setuid/setgid/sticky), mtimes and, when running as root, owners are applied; {@code
 * user.*} xattrs are applied, others reported as warnings; device nodes and FIFOs are created when
 * root (else skipped with a warning).
 */
public final class LayerExtractor {

  private static final int BUFFER = 1 << 16;

  /** What an extraction did besides writing files. */
  public record Result(long entries, List<String> warnings) {
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  private final boolean root;

  public LayerExtractor() {
    this(isRoot());
  }

  /** @param asRoot apply owners and create device nodes (only works when the process is root) */
  public LayerExtractor(boolean asRoot) {
    this.root = asRoot;
  }

  /** Extracts a layer file into {@code target} (an existing directory). */
  public Result extract(Path layer, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(layer)) {
      return extract(in, target);
    }
  }

  /** Extracts a layer stream into {@code target} (an existing directory); the stream is not closed. */
  public Result extract(InputStream layer, Path target) throws IOException {
    Run run = new Run(new RootedPaths(target));
    try (GuardedTarInputStream tar = new GuardedTarInputStream(decompressed(layer))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().length() > GuardedTarInputStream.MAX_NAME
            || e.getLinkName().length() > GuardedTarInputStream.MAX_NAME) {
          throw new UnsafeLayerException(e.getName(), "huge headers: name longer than 64 KiB");
        }
        run.apply(e, tar);
      }
    }
    run.finish();
    return new Result(run.entries, run.warnings);
  }

  /** Gzip, zstd or a plain tar, by the first bytes; closing it leaves {@code raw} open. */
  static InputStream decompressed(InputStream raw) throws IOException {
    return Compression.decompressing(new NonClosingInput(raw));
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The state of one extraction. */
  private final class Run {
    final RootedPaths paths;
    final List<String> warnings = new ArrayList<>();
    /** Paths this layer wrote; an opaque whiteout keeps these and removes the rest. */
    final Set<Path> written = new HashSet<>();
    /** Directory mtimes are set last, since writing their children changes them. */
    final Map<Path, FileTime> dirTimes = new LinkedHashMap<>();
    final byte[] buffer = new byte[BUFFER];
    long entries;

    Run(RootedPaths paths) {
      this.paths = paths;
    }

    void apply(TarArchiveEntry e, InputStream data) throws IOException {
      entries++;
      String name = e.getName();
      List<String> parts = RootedPaths.clean(name);
      if (parts.isEmpty()) {
        if (e.isDirectory()) {
          setMetadata(paths.root(), e, true);
        }
        return;
      }
      String base = parts.get(parts.size() - 1);
      List<String> dirParts = parts.subList(0, parts.size() - 1);
      if (base.startsWith(LayerEntry.WHITEOUT_PREFIX)) {
        whiteout(name, dirParts, base);
        return;
      }
      Path dir = paths.resolveDir(name, dirParts, true, written::add);
      Path p = dir.resolve(base);
      written.add(p);
      BasicFileAttributes existing = RootedPaths.lstat(p);
      if (existing != null && !(e.isDirectory() && existing.isDirectory())) {
        FileTrees.delete(p);
      }
      if (e.isDirectory()) {
        if (existing == null || !existing.isDirectory()) {
          Files.createDirectory(p);
        }
      } else if (e.isSymbolicLink()) {
        Files.createSymbolicLink(p, Path.of(e.getLinkName()));
      } else if (e.isLink()) {
        Files.createLink(p, hardlinkTarget(name, e.getLinkName()));
        return; // a hardlink shares its target's inode and metadata
      } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
        special(e, p);
        return;
      } else if (e.isFile()) {
        writeFile(p, data);
      } else {
        warnings.add("skipped " + name + ": unsupported tar entry type '" + (char) e.getLinkFlag() + "'");
        return;
      }
      setMetadata(p, e, e.isDirectory());
    }

    private void whiteout(String name, List<String> dirParts, String base) throws IOException {
      Path dir = paths.resolveDir(name, dirParts, false, x -> {});
      if (base.equals(LayerEntry.OPAQUE_WHITEOUT)) {
        if (dir != null) {
          try (var children = Files.list(dir)) {
            for (Path c : children.toList()) {
              if (!written.contains(c)) {
                FileTrees.delete(c);
              }
            }
          }
        }
        return;
      }
      String victim = base.substring(LayerEntry.WHITEOUT_PREFIX.length());
      if (victim.isEmpty() || victim.equals(".") || victim.equals("..")) {
        throw new UnsafeLayerException(name, "whiteout of \"" + victim + "\" names no file");
      }
      if (dir != null) {
        FileTrees.delete(dir.resolve(victim));
      }
    }

    private Path hardlinkTarget(String name, String link) throws IOException {
      List<String> parts = RootedPaths.clean(name, link, "hardlink target");
      if (parts.isEmpty()) {
        throw new UnsafeLayerException(name, "hardlink to the layer root");
      }
      Path dir = paths.resolveDir(name, parts.subList(0, parts.size() - 1), false, x -> {});
      Path target = dir == null ? null : dir.resolve(parts.get(parts.size() - 1));
      BasicFileAttributes a = target == null ? null : RootedPaths.lstat(target);
      if (a == null) {
        throw new UnsafeLayerException(name, "hardlink target \"" + link + "\" does not exist in the layer root");
      }
      if (a.isDirectory()) {
        throw new UnsafeLayerException(name, "hardlink target \"" + link + "\" is a directory");
      }
      return target;
    }

    private void writeFile(Path p, InputStream data) throws IOException {
      try (OutputStream out =
          Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        int n;
        while ((n = data.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
        }
      }
    }

    /**
     * mknod/mkfifo have no Java API, and Java's chmod/chown/utimes open the file, which blocks on a
     * FIFO and may have side effects on a device; so the node is made and its metadata set with the
     * tools every base system has, which never open it.
     */
    private void special(TarArchiveEntry e, Path p) throws IOException {
      if (!root && !e.isFIFO()) {
        warnings.add("skipped device " + e.getName() + ": creating device nodes needs root");
        return;
      }
      String mode = Integer.toOctalString(e.getMode() & 07777);
      String make =
          e.isFIFO()
              ? "mkfifo -m " + mode + " \"$1\""
              : "mknod -m " + mode + " \"$1\" " + (e.isCharacterDevice() ? "c " : "b ") + e.getDevMajor() + " " + e.getDevMinor();
      String own = root ? " && chown -h " + e.getLongUserId() + ":" + e.getLongGroupId() + " \"$1\"" : "";
      String time = " && touch -h -d @" + e.getLastModifiedTime().toInstant().getEpochSecond() + " \"$1\"";
      Process proc = new ProcessBuilder("sh", "-c", make + own + time, "sh", p.toString()).redirectErrorStream(true).start();
      String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      try {
        if (proc.waitFor() != 0) {
          warnings.add("skipped " + e.getName() + ": " + out);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted creating " + e.getName());
      }
    }

    private void setMetadata(Path p, TarArchiveEntry e, boolean dir) throws IOException {
      boolean link = e.isSymbolicLink();
      if (root) {
        Files.setAttribute(p, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
      }
      if (!link) {
        // after chown, which clears setuid/setgid
        Files.setAttribute(p, "unix:mode", e.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
        applyXattrs(p, e);
      }
      FileTime mtime = e.getLastModifiedTime();
      if (dir) {
        dirTimes.put(p, mtime);
      } else {
        setTime(p, mtime);
      }
    }

    private void setTime(Path p, FileTime t) {
      try {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, null, null);
      } catch (IOException | UnsupportedOperationException ex) {
        warnings.add("could not set the time of " + paths.root().relativize(p) + ": " + ex.getMessage());
      }
    }

    private void applyXattrs(Path p, TarArchiveEntry e) throws IOException {
      for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
        if (!h.getKey().startsWith("SCHILY.xattr.")) {
          continue;
        }
        String attr = h.getKey().substring("SCHILY.xattr.".length());
        if (!attr.startsWith("user.")) {
          warnings.add("xattr " + attr + " of " + e.getName() + " not applied: only user.* xattrs are supported");
          continue;
        }
        if (h.getValue().indexOf('\uFFFD') >= 0) {
          // commons-compress decodes PAX values as UTF-8, so a binary value arrives damaged
          warnings.add("xattr " + attr + " of " + e.getName() + " not applied: binary value");
          continue;
        }
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
          v.write(attr.substring("user.".length()), ByteBuffer.wrap(h.getValue().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | UnsupportedOperationException ex) {
          warnings.add("xattr " + attr + " of " + e.getName() + " not applied: " + ex.getMessage());
        }
      }
    }

    void finish() {
      List<Map.Entry<Path, FileTime>> dirs = new ArrayList<>(dirTimes.entrySet());
      for (int i = dirs.size() - 1; i >= 0; i--) {
        setTime(dirs.get(i).getKey(), dirs.get(i).getValue());
      }
    }
  }

  /** Lets the decompressors be closed without closing the caller's stream. */
  private static final class NonClosingInput extends java.io.FilterInputStream {
    NonClosingInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
