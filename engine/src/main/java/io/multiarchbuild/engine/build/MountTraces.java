package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes what mounting left in a RUN's diff. runc creates a missing mount point (and the executor
 * removes that stub again), but on overlayfs creating it copies the existing parent directory up,
 * so the diff still lists that parent though nothing in it changed. BuildKit's differ skips such
 * directories; so do we: a directory entry with nothing below it in the diff whose owner, mode and
 * mtime equal the lower layers' copy is dropped.
 */
final class MountTraces {

  private MountTraces() {}

  static List<LayerEntry> strip(List<LayerEntry> diff, LowerView lower) throws IOException {
    Set<String> parents = new HashSet<>();
    for (LayerEntry e : diff) {
      String p = e.path();
      for (int i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
        parents.add(p.substring(0, i));
      }
    }
    List<LayerEntry> out = new ArrayList<>(diff.size());
    for (LayerEntry e : diff) {
      String p = e.path().replaceAll("/+$", "");
      if (e.type() == LayerEntry.Type.DIRECTORY && !p.isEmpty() && !parents.contains(p) && unchanged(e, lower, p)) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  private static boolean unchanged(LayerEntry e, LowerView lower, String path) throws IOException {
    var found = lower.find("/" + path);
    if (found.isEmpty() || !Files.isDirectory(found.get(), LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!e.xattrs().isEmpty()) {
      return false;
    }
    Path p = found.get();
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    long uid = ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    long gid = ((Number) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
    return mode == e.mode() && uid == e.uid() && gid == e.gid()
        && a.lastModifiedTime().toInstant().getEpochSecond() == e.mtime().getEpochSecond();
  }
}
