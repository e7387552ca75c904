package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.snapshot.LayerRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A read-only look at a stack of extracted layer directories without mounting them: enough for
 * COPY to learn whether a destination exists and is a directory, and to read /etc/passwd for
 * --chown. Plain lookups follow neither symlinks in the path nor whiteouts in parent directories;
 * {@link #resolve} follows symlinks (never leaving the root) where that matters, as for a COPY
 * destination.
 */
final class LowerView {

  private final List<LayerRef> topFirst;

  LowerView(List<LayerRef> bottomFirst) {
    List<LayerRef> l = new ArrayList<>(bottomFirst);
    java.util.Collections.reverse(l);
    this.topFirst = l;
  }

  /** The file behind absolute {@code path} in the topmost layer that has it, unless a layer above deleted it. */
  Optional<Path> find(String path) {
    String rel = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (rel.isEmpty()) {
      return topFirst.isEmpty() ? Optional.empty() : Optional.of(topFirst.get(0).dir());
    }
    int slash = rel.lastIndexOf('/');
    String parent = slash < 0 ? "" : rel.substring(0, slash);
    String name = rel.substring(slash + 1);
    for (LayerRef l : topFirst) {
      Path p = l.dir().resolve(rel);
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isOther()) {
          return Optional.empty(); // an overlay-style whiteout (0/0 char device)
        }
        return Optional.of(p);
      } catch (IOException e) {
        // not in this layer
      }
      if (Files.exists(l.dir().resolve(parent).resolve(".wh." + name), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * {@code path} with every symlink in it resolved the way a process chrooted into the stack would
   * see it: absolute targets restart at the stack's root and {@code ..} never climbs above it, so
   * the result always names a path inside the root file system. Components that do not exist are
   * kept as written (a COPY may create them).
   *
   * @throws BuildError when resolving takes more than 40 links (a loop)
   */
  String resolve(String path) {
    java.util.Deque<String> todo = new java.util.ArrayDeque<>(java.util.Arrays.asList(path.split("/")));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      String candidate = "/" + String.join("/", done) + (done.isEmpty() ? "" : "/") + part;
      Optional<Path> found = find(candidate);
      if (found.isPresent() && Files.isSymbolicLink(found.get())) {
        if (++links > 40) {
          throw new BuildError("too many levels of symbolic links resolving " + path + " in the image");
        }
        String target;
        try {
          target = Files.readSymbolicLink(found.get()).toString();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> t = java.util.Arrays.asList(target.split("/"));
        for (int i = t.size() - 1; i >= 0; i--) {
          todo.addFirst(t.get(i));
        }
        continue;
      }
      done.add(part);
    }
    return "/" + String.join("/", done);
  }

  boolean isDirectory(String path) {
    return find(path).map(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
  }

  boolean exists(String path) {
    return find(path).isPresent();
  }

  /**
   * The tar entry of the existing directory {@code path} with its owner, mode and time as the stack
   * has them, or empty when it is not a directory. A layer that adds files below a directory of a
   * lower layer repeats that directory (as BuildKit's diffs do): an extractor that meets {@code a/f}
   * without {@code a/} creates {@code a} owned by root, and overlayfs then shows that copy instead of
   * the lower one (a directory owned by the image's user would turn root's).
   */
  Optional<io.multiarchbuild.engine.oci.LayerEntry> directoryEntry(String path) throws IOException {
    Optional<Path> found = find(path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    java.util.Map<String, Object> a =
        Files.readAttributes(found.get(), "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    if ((mode & 0170000) != 0040000) {
      return Optional.empty();
    }
    java.time.Instant mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant();
    return Optional.of(io.multiarchbuild.engine.oci.LayerEntry.directory(path, mode & 07777, mtime)
        .withOwner((Integer) a.get("uid"), (Integer) a.get("gid")));
  }

  /**
   * The one layer directory that holds every path of {@code rels} (relative, cleaned, no wildcards)
   * exactly as the merged stack shows it, so a COPY --from can read them there instead of mounting
   * the stage. Empty when any path needs the merge: missing or deleted, a symlink on its way, a
   * directory that a lower layer also has (its contents would be a union), or paths in different
   * layers. A file or link hides whatever lower layers have at its path, so those always qualify.
   */
  Optional<Path> soleLayerOf(List<String> rels) {
    Path only = null;
    for (String rel : rels) {
      if (rel.isEmpty()) {
        return Optional.empty(); // the whole root: always a union of every layer
      }
      String[] parts = rel.split("/");
      for (int i = 1; i < parts.length; i++) {
        String ancestor = "/" + String.join("/", java.util.Arrays.copyOf(parts, i));
        Optional<Path> a = find(ancestor);
        if (a.isEmpty() || !Files.isDirectory(a.get(), LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty(); // a symlink (resolved by the mount) or nothing at all
        }
      }
      int top = topIndexOf(rel);
      if (top < 0) {
        return Optional.empty();
      }
      Path p = topFirst.get(top).dir().resolve(rel);
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        for (int i = top + 1; i < topFirst.size(); i++) {
          if (Files.exists(topFirst.get(i).dir().resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
          }
        }
      }
      if (topFirst.get(top).style() != io.multiarchbuild.engine.snapshot.WhiteoutStyle.OVERLAY) {
        return Optional.empty(); // OCI-form markers (.wh. files) are plain files there: only a merge hides them
      }
      Path dir = topFirst.get(top).dir();
      if (only != null && !only.equals(dir)) {
        return Optional.empty();
      }
      only = dir;
    }
    return Optional.ofNullable(only);
  }

  /** The index (top first) of the layer {@link #find} takes {@code rel} from, or -1. */
  private int topIndexOf(String rel) {
    Optional<Path> found = find("/" + rel);
    if (found.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < topFirst.size(); i++) {
      if (found.get().startsWith(topFirst.get(i).dir())) {
        return i;
      }
    }
    return -1;
  }
}
