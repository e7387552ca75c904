package io.multiarchbuild.engine.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Path arithmetic that cannot leave a root directory. Entry names are cleaned lexically (a {@code ..}
 * that climbs above the root is an error); parent directories are then walked one component at a time
 * without letting the OS follow anything: a symlink met on the way is resolved by hand as if the root
 * were {@code /} (absolute targets restart at the root, {@code ..} stops at it), the way containerd
 * scopes paths to a root file system. Every path this returns is therefore a chain of real
 * directories inside the root.
 */
final class RootedPaths {

  private static final int MAX_LINK_FOLLOWS = 40;

  private final Path root;

  RootedPaths(Path root) throws IOException {
    this.root = root.toRealPath();
  }

  Path root() {
    return root;
  }

  /** The entry name's components, cleaned; a leading {@code /} is dropped, climbing above root rejected. */
  static List<String> clean(String entry) {
    return clean(entry, entry, "path");
  }

  /** As {@link #clean(String)} for a path an entry refers to ({@code what}: e.g. "hardlink target"). */
  static List<String> clean(String entry, String path, String what) {
    List<String> parts = new ArrayList<>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (parts.isEmpty()) {
          throw new UnsafeLayerException(
              entry, what.equals("path") ? "path escapes the layer root" : what + " \"" + path + "\" escapes the layer root");
        }
        parts.remove(parts.size() - 1);
        continue;
      }
      parts.add(c);
    }
    return parts;
  }

  /**
   * The real directory for {@code dirParts} (cleaned components). Missing directories are created
   * (mode 0755) and reported to {@code created} when {@code create}; otherwise null is returned for a
   * missing one.
   */
  Path resolveDir(String entry, List<String> dirParts, boolean create, Consumer<Path> created) throws IOException {
    Deque<String> todo = new ArrayDeque<>(dirParts);
    List<String> done = new ArrayList<>();
    int follows = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      Path cur = join(done).resolve(c);
      BasicFileAttributes a = lstat(cur);
      if (a == null) {
        if (!create) {
          return null;
        }
        Files.createDirectory(cur);
        created.accept(cur);
        done.add(c);
      } else if (a.isSymbolicLink()) {
        if (++follows > MAX_LINK_FOLLOWS) {
          throw new UnsafeLayerException(entry, "too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(cur).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        String[] tparts = target.split("/");
        for (int i = tparts.length - 1; i >= 0; i--) {
          todo.addFirst(tparts[i]);
        }
      } else if (a.isDirectory()) {
        done.add(c);
      } else {
        throw new UnsafeLayerException(entry, "parent " + root.relativize(cur) + " is not a directory");
      }
    }
    return join(done);
  }

  private Path join(List<String> parts) {
    Path p = root;
    for (String s : parts) {
      p = p.resolve(s);
    }
    return p;
  }

  static BasicFileAttributes lstat(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
