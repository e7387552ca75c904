package io.multiarchbuild.engine.exec;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * runc creates a mount point in the root file system for every mount whose target is missing
 * ({@code /proc}, {@code /etc/hosts}, a cache mount's directory...). Those stubs are artefacts of
 * running, not of the step, and must not end up in the layer: like BuildKit we note which targets
 * (and missing parents) did not exist before the run and remove the ones still empty afterwards,
 * restoring their parent directory's timestamps so the diff stays reproducible.
 */
final class MountStubs {

  private final List<Path> created;

  private MountStubs(List<Path> created) {
    this.created = created;
  }

  /** Notes which of {@code targets} (container paths) and their parents are missing in {@code rootfs}. */
  static MountStubs before(Path rootfs, List<String> targets) throws IOException {
    // deepest first, so a stub directory is emptied of stub files before we try to remove it
    TreeSet<Path> missing = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).reversed()
        .thenComparing(Comparator.naturalOrder()));
    for (String target : targets) {
      Path p = RootPaths.resolve(rootfs, target);
      while (p.startsWith(rootfs) && !p.equals(rootfs) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        missing.add(p);
        p = p.getParent();
      }
    }
    return new MountStubs(List.copyOf(missing));
  }

  /** Removes the stubs that are still empty; anything the process put there stays. */
  void clean() {
    for (Path p : created) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory() && a.size() != 0) {
          continue;
        }
        Path parent = p.getParent();
        BasicFileAttributes parentTimes = Files.readAttributes(parent, BasicFileAttributes.class);
        try {
          Files.delete(p);
        } catch (DirectoryNotEmptyException e) {
          continue;
        }
        Files.getFileAttributeView(parent, BasicFileAttributeView.class)
            .setTimes(parentTimes.lastModifiedTime(), parentTimes.lastAccessTime(), null);
      } catch (IOException e) {
        // gone already, or replaced by something we must not touch: either way nothing to clean
      }
    }
  }
}
