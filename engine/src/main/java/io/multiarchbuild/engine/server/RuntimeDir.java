package io.multiarchbuild.engine.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The private directory holding the build server's socket, start lock and log:
 * {@code $XDG_RUNTIME_DIR/multiarch-build}, else {@code /tmp/multiarch-build-<uid>}. Whoever can
 * connect to the socket runs builds as us with our credentials, so the directory must be ours and
 * closed to everyone else; in a shared /tmp another user could have made it first.
 */
final class RuntimeDir {

  /** The directory exists but is not safe to use; the message is one line. */
  static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  private RuntimeDir() {}

  /** Creates (0700) or checks the directory for this user; throws {@link Refused} when it is not private. */
  static Path ensure(Map<String, String> env) throws IOException {
    int uid = uid();
    String xdg = env.get("XDG_RUNTIME_DIR");
    Path dir = xdg != null && !xdg.isEmpty() && xdg.startsWith("/")
        ? Path.of(xdg, "multiarch-build")
        : Path.of("/tmp", "multiarch-build-" + uid);
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // checked below, whoever made it
    }
    PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isDirectory()) {
      throw new Refused(dir + " is not a directory; remove it");
    }
    Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (!(owner instanceof Integer o) || o != uid) {
      throw new Refused(dir + " belongs to another user (uid " + owner + "); remove it or set XDG_RUNTIME_DIR");
    }
    Set<PosixFilePermission> perms = attrs.permissions();
    for (PosixFilePermission p : perms) {
      if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
        throw new Refused(dir + " is open to other users (" + PosixFilePermissions.toString(perms)
            + "); make it private with chmod 700");
      }
    }
    return dir;
  }

  /** This process's user id: /proc/self belongs to it. */
  static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }
}
