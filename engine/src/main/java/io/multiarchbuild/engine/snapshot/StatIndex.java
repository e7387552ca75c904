package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerWriter;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a copied root file system looked like before a RUN, and the diff against what it looks like
 * after. A path counts as changed when its inode or its ctime changed: every write, chmod, chown,
 * link, rename or re-creation moves the ctime, which no program can set back, so nothing has to be
 * hashed, and the result matches overlayfs, which copies a file up on exactly those operations.
 *
 * <p>A directory deleted and made again often gets the same inode number back at once, so each
 * directory is tagged with the xattr {@value #MARK} when indexed; a directory without it was made
 * by the RUN (and is opaque, like overlayfs's). Where user xattrs are unsupported the inode alone
 * decides (a re-made directory then shows as whiteouts of its old children: the same file system).
 */
final class StatIndex {

  /** inode, ctime (ns) and whether it is a directory. */
  record Stat(long ino, long ctimeNs, boolean dir) {}

  /** Tags directories that existed when the index was taken; stripped from every diff. */
  static final String MARK = "user.multiarch-build.indexed";

  private final Map<String, Stat> stats;
  private final boolean marked;

  private StatIndex(Map<String, Stat> stats, boolean marked) {
    this.stats = stats;
    this.marked = marked;
  }

  /** Indexes {@code root}, tagging its directories. */
  static StatIndex of(Path root) throws IOException {
    boolean[] marked = {true};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            if (marked[0] && !d.equals(root)) {
              marked[0] = mark(d);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new StatIndex(scan(root), marked[0]);
  }

  private static Map<String, Stat> scan(Path root) throws IOException {
    Map<String, Stat> m = new HashMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
            if (!d.equals(root)) {
              m.put(rel(root, d), stat(d));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            m.put(rel(root, f), stat(f));
            return FileVisitResult.CONTINUE;
          }
        });
    return m;
  }

  private static boolean mark(Path dir) {
    try {
      view(dir).write(MARK.substring("user.".length()), java.nio.ByteBuffer.wrap(new byte[] {'1'}));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean isMarked(Path dir) {
    try {
      return view(dir).list().contains(MARK.substring("user.".length()));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static java.nio.file.attribute.UserDefinedFileAttributeView view(Path p) {
    return Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** The changes from this index to {@code root} now, as layer entries with OCI whiteouts. */
  List<LayerEntry> diff(Path root) throws IOException {
    Map<String, Stat> now = scan(root);
    Map<String, LayerEntry> current = new TreeMap<>();
    for (LayerEntry e : LayerWriter.entriesOf(root)) {
      if (e.xattrs().containsKey(MARK)) {
        Map<String, byte[]> x = new java.util.LinkedHashMap<>(e.xattrs());
        x.remove(MARK);
        e = e.withXattrs(x);
      }
      current.put(e.path(), e);
    }
    Set<String> emit = new TreeSet<>();
    Set<String> opaque = new TreeSet<>();
    List<String> fresh = new ArrayList<>(); // dirs whose lower content is hidden: nothing below compares
    for (Map.Entry<String, LayerEntry> c : current.entrySet()) {
      String p = c.getKey();
      Stat was = under(fresh, p) ? null : stats.get(p);
      Stat is = now.get(p);
      boolean changed = was == null || is == null || was.ino() != is.ino() || was.ctimeNs() != is.ctimeNs() || was.dir() != is.dir();
      if (!changed) {
        continue;
      }
      emit.add(p);
      boolean remade = was == null || was.ino() != is.ino() || !was.dir() || (marked && !isMarked(root.resolve(p)));
      if (c.getValue().type() == LayerEntry.Type.DIRECTORY && remade) {
        fresh.add(p + "/");
        if (was != null) {
          opaque.add(p); // overlayfs marks a directory made over a deleted path opaque
        }
      }
      if (c.getValue().type() == LayerEntry.Type.HARDLINK) {
        emit.add(c.getValue().linkTarget());
      }
    }
    List<String> deleted = new ArrayList<>();
    for (String p : new TreeSet<>(stats.keySet())) {
      if (!current.containsKey(p) && !under(fresh, p) && !hasDeletedAncestor(deleted, p) && parentIsDir(current, p)) {
        deleted.add(p);
      }
    }
    Set<String> withParents = new TreeSet<>(emit);
    for (String p : emit) {
      addParents(p, withParents);
    }
    for (String p : deleted) {
      addParents(p, withParents);
    }
    List<LayerEntry> out = new ArrayList<>();
    for (String p : withParents) {
      LayerEntry e = current.get(p);
      out.add(e);
      if (opaque.contains(p)) {
        out.add(LayerEntry.opaqueWhiteout(p, e.mtime()));
      }
    }
    for (String p : deleted) {
      LayerEntry parent = p.contains("/") ? current.get(p.substring(0, p.lastIndexOf('/'))) : null;
      out.add(LayerEntry.whiteout(p, parent != null ? parent.mtime() : Files.getLastModifiedTime(root).toInstant()));
    }
    return out;
  }

  private static boolean under(List<String> dirs, String p) {
    for (String d : dirs) {
      if (p.startsWith(d)) {
        return true;
      }
    }
    return false;
  }

  /** A path under what is now a file or symlink was deleted with its parent's replacement. */
  private static boolean parentIsDir(Map<String, LayerEntry> current, String p) {
    int slash = p.lastIndexOf('/');
    if (slash < 0) {
      return true;
    }
    LayerEntry parent = current.get(p.substring(0, slash));
    return parent != null && parent.type() == LayerEntry.Type.DIRECTORY;
  }

  private static boolean hasDeletedAncestor(List<String> deleted, String p) {
    return !deleted.isEmpty() && p.startsWith(deleted.get(deleted.size() - 1) + "/");
  }

  private static void addParents(String p, Set<String> out) {
    for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
      out.add(p.substring(0, i));
    }
  }

  private static Stat stat(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:ino,ctime,mode", LinkOption.NOFOLLOW_LINKS);
    FileTime ct = (FileTime) a.get("ctime");
    long ns = ct.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    return new Stat((Long) a.get("ino"), ns, ((Integer) a.get("mode") & 0170000) == 0040000);
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString();
  }
}
