package io.multiarchbuild.engine.oci;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a directory tree into layer entries (see {@link LayerWriter#entriesOf}). */
final class DirectoryEntries {

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private DirectoryEntries() {}

  static List<LayerEntry> scan(Path root) throws IOException {
    List<Path> paths = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
              paths.add(dir);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            paths.add(file);
            return FileVisitResult.CONTINUE;
          }
        });
    // Sort by the layer path first so "the first of several hardlinks" is the same one the writer sees first.
    Map<String, Path> byName = new TreeMap<>();
    for (Path p : paths) {
      byName.put(relative(root, p), p);
    }
    List<LayerEntry> out = new ArrayList<>(byName.size());
    Map<String, String> firstByInode = new HashMap<>();
    for (Map.Entry<String, Path> e : byName.entrySet()) {
      LayerEntry entry = entryOf(e.getKey(), e.getValue(), firstByInode);
      if (entry != null) {
        out.add(entry);
      }
    }
    return out;
  }

  private static LayerEntry entryOf(String name, Path p, Map<String, String> firstByInode) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,rdev,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    long uid = ((Integer) a.get("uid")) & 0xffffffffL;
    long gid = ((Integer) a.get("gid")) & 0xffffffffL;
    java.time.Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
    int fmt = mode & S_IFMT;
    LayerEntry.Type type;
    String link = null;
    int major = 0;
    int minor = 0;
    long size = 0;
    switch (fmt) {
      case S_IFREG -> {
        type = LayerEntry.Type.FILE;
        size = (Long) a.get("size");
        if ((Integer) a.get("nlink") > 1) {
          String key = a.get("dev") + ":" + a.get("ino");
          String first = firstByInode.putIfAbsent(key, name);
          if (first != null) {
            type = LayerEntry.Type.HARDLINK;
            link = first;
            size = 0;
          }
        }
      }
      case S_IFDIR -> type = LayerEntry.Type.DIRECTORY;
      case S_IFLNK -> {
        type = LayerEntry.Type.SYMLINK;
        link = Files.readSymbolicLink(p).toString();
      }
      case S_IFCHR, S_IFBLK -> {
        type = fmt == S_IFCHR ? LayerEntry.Type.CHAR_DEVICE : LayerEntry.Type.BLOCK_DEVICE;
        long rdev = (Long) a.get("rdev");
        major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
      }
      case S_IFIFO -> type = LayerEntry.Type.FIFO;
      case S_IFSOCK -> {
        return null;
      }
      default -> throw new IOException("unknown file type " + Integer.toOctalString(fmt) + " of " + p);
    }
    Map<String, byte[]> xattrs = type == LayerEntry.Type.FILE || type == LayerEntry.Type.DIRECTORY ? userXattrs(p) : Map.of();
    LayerEntry.Content content = type == LayerEntry.Type.FILE ? () -> Files.newInputStream(p) : null;
    return new LayerEntry(name, type, mode & 07777, uid, gid, mtime, size, link, xattrs, major, minor, content);
  }

  /** Java reaches only the {@code user.} namespace; others (security.capability) need native code. */
  private static Map<String, byte[]> userXattrs(Path p) throws IOException {
    UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Map.of();
    }
    List<String> names;
    try {
      names = view.list();
    } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
      return Map.of();
    }
    if (names.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> out = new TreeMap<>();
    for (String n : names) {
      ByteBuffer b = ByteBuffer.allocate(view.size(n));
      view.read(n, b);
      out.put("user." + n, java.util.Arrays.copyOf(b.array(), b.position()));
    }
    return out;
  }

  private static String relative(Path root, Path p) {
    String r = root.relativize(p).toString();
    return java.io.File.separatorChar == '/' ? r : r.replace(java.io.File.separatorChar, '/');
  }
}
