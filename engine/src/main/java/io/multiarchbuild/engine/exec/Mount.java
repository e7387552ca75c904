package io.multiarchbuild.engine.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something mounted into the container in addition to its root file system (a {@code RUN --mount}
 * after the solver has prepared its source: a cache directory, a context or stage snapshot, a
 * secret file, an SSH agent socket).
 */
public sealed interface Mount {

  /** Absolute path inside the container. */
  String target();

  /**
   * A host file or directory bind-mounted at {@code target} (bind and cache mounts). Writes through
   * a read-write bind reach {@code source}; the solver decides whether they are kept.
   */
  record Bind(Path source, String target, boolean readOnly) implements Mount {
    public Bind {
      Objects.requireNonNull(source, "source");
      target = checkTarget(target);
    }
  }

  /**
   * An empty tmpfs at {@code target}.
   *
   * @param sizeBytes size limit, or 0 for the kernel's default (half of RAM)
   */
  record Tmpfs(String target, long sizeBytes) implements Mount {
    public Tmpfs {
      target = checkTarget(target);
      if (sizeBytes < 0) {
        throw new IllegalArgumentException("tmpfs size must not be negative: " + sizeBytes);
      }
    }
  }

  /**
   * A single file (or Unix socket) mounted read-only at {@code target} with the given owner and
   * permission bits, as SSH sockets and heredoc scripts need (secret files are bound with {@link Bind}
   * straight from their tmpfs, never copied). A regular file is copied into the container's
   * private bundle directory with that owner and mode, so {@code source} is left untouched; a socket
   * cannot be copied and gets its owner and mode changed in place, so the caller should hand over a
   * socket made for this one run.
   *
   * @param mode permission bits, e.g. {@code 0400}
   */
  record File(Path source, String target, int uid, int gid, int mode) implements Mount {
    public File {
      Objects.requireNonNull(source, "source");
      target = checkTarget(target);
      if (uid < 0 || gid < 0) {
        throw new IllegalArgumentException("uid/gid must not be negative: " + uid + ":" + gid);
      }
      if ((mode & ~07777) != 0) {
        throw new IllegalArgumentException("not a permission mode: " + Integer.toOctalString(mode));
      }
    }
  }

  private static String checkTarget(String target) {
    Objects.requireNonNull(target, "target");
    if (!target.startsWith("/") || target.equals("/")) {
      throw new IllegalArgumentException("mount target must be an absolute path other than /: " + target);
    }
    return target;
  }
}
