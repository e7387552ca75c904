package io.multiarchbuild.engine.exec;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
  /** The nearest existing ancestor of each missing target, as it was before runc made mount points in it. */
  private final Map<Path, Before> ancestors;

  /** A directory's times and entry names, to tell afterwards whether only mount points changed it. */
  private record Before(FileTime modified, FileTime accessed, Set<String> names) {}

  private MountStubs(List<Path> created, Map<Path, Before> ancestors) {
    this.created = created;
    this.ancestors = ancestors;
  }

  /** Notes which of {@code targets} (container paths) and their parents are missing in {@code rootfs}. */
  static MountStubs before(Path rootfs, List<String> targets) throws IOException {
    // deepest first, so a stub directory is emptied of stub files before we try to remove it
    TreeSet<Path> missing = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).reversed()
        .thenComparing(Comparator.naturalOrder()));
    Map<Path, Before> ancestors = new LinkedHashMap<>();
    for (String target : targets) {
      Path p = RootPaths.resolve(rootfs, target);
      boolean any = false;
      while (p.startsWith(rootfs) && !p.equals(rootfs) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        missing.add(p);
        p = p.getParent();
        any = true;
      }
      if (any && p.startsWith(rootfs) && !ancestors.containsKey(p) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        ancestors.put(p, new Before(a.lastModifiedTime(), a.lastAccessTime(), names(p)));
      }
    }
    return new MountStubs(List.copyOf(missing), ancestors);
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
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
    // Making the first stub inside an existing directory changed that directory's mtime, and with
    // overlayfs copied it into the layer. When the step left the directory's entries as they were,
    // that change was ours alone: restore the time it had before the run, so it is no longer a change.
    ancestors.forEach((dir, before) -> {
      try {
        if (names(dir).equals(before.names())) {
          Files.getFileAttributeView(dir, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(before.modified(), before.accessed(), null);
        }
      } catch (IOException e) {
        // the step removed or replaced it: nothing of ours to undo
      }
    });
  }
}
