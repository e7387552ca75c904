package io.multiarchbuild.engine.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether runc can switch into the container's root with pivot_root(2). It cannot when our own root
 * is not a mount point (a plain chroot, as some CI sandboxes are) or is the initramfs: the kernel
 * refuses with EINVAL, and runc must be told {@code --no-pivot} to move the root with MS_MOVE and
 * chroot instead (what BuildKit's {@code NoPivot} option does).
 */
final class PivotRoot {

  static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private PivotRoot() {}

  /** Reads {@link #MOUNTINFO}; when it cannot be read, assumes pivot_root works (the common case). */
  static boolean unsupported() {
    try {
      return unsupported(Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * @param mountinfo lines of {@code /proc/self/mountinfo}: {@code id parent major:minor root
   *     mount-point options [optional...] - fstype source super-options}
   */
  static boolean unsupported(List<String> mountinfo) {
    String rootFsType = null;
    for (String line : mountinfo) {
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      if (f.length > 4 && f[4].equals("/") && dash > 0 && dash + 1 < f.length) {
        // later entries are mounted on top of earlier ones; the last one is what / is now
        rootFsType = f[dash + 1];
      }
    }
    return rootFsType == null || rootFsType.equals("rootfs") || rootFsType.equals("ramfs");
  }
}
