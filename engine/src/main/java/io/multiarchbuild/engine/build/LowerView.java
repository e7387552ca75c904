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
 * --chown. Lookups follow neither symlinks in the path nor whiteouts in parent directories; both
 * are rare for the paths asked about (a COPY destination, /etc/passwd).
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

  boolean isDirectory(String path) {
    return find(path).map(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).orElse(false);
  }

  boolean exists(String path) {
    return find(path).isPresent();
  }
}
