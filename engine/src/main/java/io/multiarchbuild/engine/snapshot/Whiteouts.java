package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a layer's whiteouts into its extracted directory in the store's {@link WhiteoutStyle}. */
final class Whiteouts {

  /** mknod has no Java API; one shell per batch, not per whiteout. */
  private static final int BATCH = 500;

  private Whiteouts() {}

  /**
   * Writes the markers. Directory mtimes stay as the layer set them (a marker is bookkeeping, not a
   * change); a parent directory the tar did not contain is made with the whiteout's mtime.
   *
   * @param markers whiteout entries as in the tar ({@code a/b/.wh.c}, {@code a/.wh..wh..opq})
   */
  static void write(Path layerDir, List<WhiteoutTee.Marker> markers, WhiteoutStyle style) throws IOException {
    List<String> devices = new ArrayList<>();
    Map<Path, FileTime> dirTimes = new LinkedHashMap<>();
    for (WhiteoutTee.Marker wh : markers) {
      String name = wh.name();
      List<String> parts = clean(name);
      if (parts.isEmpty()) {
        continue;
      }
      Path parent = parentInside(layerDir, parts.subList(0, parts.size() - 1), FileTime.from(wh.mtime()), dirTimes);
      if (parent == null) {
        continue; // under a symlink or file of this very layer: it hides nothing below
      }
      String base = parts.get(parts.size() - 1);
      if (style == WhiteoutStyle.OCI) {
        Path marker = parent.resolve(base);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
          Files.createFile(marker);
          Files.setLastModifiedTime(marker, FileTime.from(wh.mtime()));
        }
      } else if (base.equals(LayerEntry.OPAQUE_WHITEOUT)) {
        markOpaque(parent);
      } else {
        Path victim = parent.resolve(base.substring(LayerEntry.WHITEOUT_PREFIX.length()));
        if (!Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) {
          devices.add(victim.toString());
        }
      }
    }
    for (int i = 0; i < devices.size(); i += BATCH) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", "for p; do mknod -m 000 \"$p\" c 0 0 || exit 1; done", "sh"));
      argv.addAll(devices.subList(i, Math.min(devices.size(), i + BATCH)));
      Commands.Result r = Commands.run(null, argv);
      if (!r.ok()) {
        throw new SnapshotError("cannot create overlay whiteouts in " + layerDir + ": " + Commands.firstLine(r.output()));
      }
    }
    List<Map.Entry<Path, FileTime>> times = new ArrayList<>(dirTimes.entrySet());
    for (int i = times.size() - 1; i >= 0; i--) {
      Files.getFileAttributeView(times.get(i).getKey(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(times.get(i).getValue(), null, null);
    }
  }

  /**
   * Removes {@code user.overlay.*} xattrs a layer tar carried: under {@code userxattr} overlayfs would
   * take them as its own markers (an image could make a directory opaque by xattr), and they are never
   * part of an image's content.
   */
  static void scrubOverlayXattrs(Path layerDir, List<String> entryNames) throws IOException {
    for (String name : entryNames) {
      List<String> parts = clean(name);
      if (parts.isEmpty()) {
        continue;
      }
      Path parent = existingParent(layerDir, parts.subList(0, parts.size() - 1));
      Path p = parent == null ? null : parent.resolve(parts.get(parts.size() - 1));
      if (p == null || Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      for (String x : v.list()) {
        if (("user." + x).startsWith(DiffWalker.OVERLAY_XATTR_PREFIX)) {
          v.delete(x);
        }
      }
    }
  }

  private static Path existingParent(Path root, List<String> dirParts) throws IOException {
    Path p = root;
    for (String c : dirParts) {
      p = p.resolve(c);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
    }
    return p;
  }

  /** Marks {@code dir} opaque for overlayfs mounted with {@code userxattr}. */
  static void markOpaque(Path dir) throws IOException {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    v.write(DiffWalker.OPAQUE_XATTR.substring("user.".length()), ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
  }

  private static List<String> clean(String name) {
    List<String> parts = new ArrayList<>();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        return List.of(); // LayerExtractor has already rejected such a layer; never act on it
      }
      parts.add(c);
    }
    return parts;
  }

  /**
   * The parent directory, created as needed, without following any symlink; null if one is in the way.
   * Records each directory's mtime to restore (the marker's time for those it makes).
   */
  private static Path parentInside(Path root, List<String> dirParts, FileTime made, Map<Path, FileTime> dirTimes)
      throws IOException {
    Path p = root;
    remember(p, null, dirTimes);
    for (String c : dirParts) {
      p = p.resolve(c);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        Files.createDirectory(p);
        remember(p, made, dirTimes);
        continue;
      }
      if (!a.isDirectory()) {
        return null;
      }
      remember(p, null, dirTimes);
    }
    return p;
  }

  private static void remember(Path dir, FileTime made, Map<Path, FileTime> dirTimes) throws IOException {
    if (!dirTimes.containsKey(dir)) {
      dirTimes.put(dir, made != null ? made : Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS));
    }
  }
}
