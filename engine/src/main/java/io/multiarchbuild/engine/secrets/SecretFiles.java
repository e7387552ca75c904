package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A private, memory-backed directory that secret values are written into so a container can have
 * them bind-mounted (as {@code Mount.File}). Values never touch a disk-backed file system: the
 * directory is either a tmpfs this class mounts ({@link #mountTmpfs}, needs root) or a private
 * subdirectory of a directory that already is tmpfs ({@link #under}, e.g. {@code /dev/shm}); anything
 * else is refused. {@link #close()} deletes every file (overwriting it first), and unmounts and
 * removes the directory.
 */
public final class SecretFiles implements AutoCloseable {

  private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

  private final Path dir;
  private final boolean mounted;
  private final List<Path> files = new ArrayList<>();
  private boolean closed;

  private SecretFiles(Path dir, boolean mounted) {
    this.dir = dir;
    this.mounted = mounted;
  }

  /**
   * Mounts a fresh tmpfs ({@code size=sizeBytes,mode=0700,nosuid,nodev,noexec}) on a new private
   * directory inside {@code parent}.
   */
  public static SecretFiles mountTmpfs(Path parent, long sizeBytes) {
    Path dir;
    try {
      Files.createDirectories(parent);
      dir = Files.createTempDirectory(parent, "secrets-", PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    } catch (IOException e) {
      throw new SecretsError("cannot create a secrets directory in " + parent + ": " + e.getMessage(), e);
    }
    String options = "size=" + sizeBytes + ",mode=0700,nosuid,nodev,noexec";
    String out = run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()));
    if (out != null) {
      deleteQuietly(dir);
      throw new SecretsError("cannot mount a tmpfs for secrets on " + dir + " (needs root): " + out);
    }
    SecretFiles files = new SecretFiles(dir, true);
    if (!isTmpfs(dir)) {
      files.close();
      throw new IllegalStateException("mounted tmpfs on " + dir + " but it does not show as tmpfs");
    }
    return files;
  }

  /**
   * A new private (0700) directory inside {@code tmpfsDir}, which must itself be on tmpfs (such as
   * {@code /dev/shm}); no mount needed, so this works without root.
   */
  public static SecretFiles under(Path tmpfsDir) {
    if (!isTmpfs(tmpfsDir)) {
      throw new SecretsError(
          tmpfsDir + " is not a tmpfs; secrets are only written to memory-backed directories");
    }
    try {
      return new SecretFiles(
          Files.createTempDirectory(tmpfsDir, "secrets-", PosixFilePermissions.asFileAttribute(PRIVATE_DIR)),
          false);
    } catch (IOException e) {
      throw new SecretsError("cannot create a secrets directory in " + tmpfsDir + ": " + e.getMessage(), e);
    }
  }

  /** The private directory the files live in. */
  public Path directory() {
    return dir;
  }

  /**
   * Writes {@code value} into a new file with permissions {@code mode} (e.g. 0400), created with
   * those permissions (never readable by others in between). Ownership is left to the caller (the
   * container side mounts it with the mount's uid/gid).
   *
   * @param name a label for the file name (the secret id); sanitised, made unique
   */
  public synchronized Path write(String name, byte[] value, int mode) {
    if (closed) {
      throw new IllegalStateException("secret files already closed");
    }
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    Path file = dir.resolve(files.size() + "-" + (safe.isEmpty() ? "secret" : safe));
    Set<PosixFilePermission> perms = permissions(mode);
    try (SeekableByteChannel ch =
        Files.newByteChannel(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      files.add(file);
      ByteBuffer buf = ByteBuffer.wrap(value);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    } catch (IOException e) {
      throw new SecretsError("cannot write secret file " + file + ": " + e.getMessage(), e);
    }
    try {
      // created 0600 (the umask could only narrow it); now the mode the mount asks for, e.g. 0400
      Files.setPosixFilePermissions(file, perms);
    } catch (IOException e) {
      throw new SecretsError("cannot set the mode of " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Overwrites and deletes one file written by {@link #write}. */
  public synchronized void delete(Path file) {
    if (files.remove(file)) {
      wipe(file);
    }
  }

  /** Deletes every file, unmounts the tmpfs (if this class mounted it) and removes the directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    files.forEach(SecretFiles::wipe);
    files.clear();
    if (mounted) {
      String out = run(List.of("umount", dir.toString()));
      if (out != null) {
        // lazy detach: a process still holding the mount must not keep the directory around
        run(List.of("umount", "-l", dir.toString()));
      }
    }
    deleteQuietly(dir);
  }

  static boolean isTmpfs(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      return store.type().equals("tmpfs");
    } catch (IOException e) {
      return false;
    }
  }

  private static void wipe(Path file) {
    try {
      long size = Files.size(file);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 64 * 1024));
        for (long left = size; left > 0; left -= zeros.capacity()) {
          zeros.clear().limit((int) Math.min(left, zeros.capacity()));
          ch.write(zeros);
        }
      }
    } catch (IOException e) {
      // the delete below is what matters; the overwrite is extra care for a tmpfs page
    }
    deleteQuietly(file);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // left for the caller's cleanup of its run directory
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    if ((mode & ~0777) != 0) {
      throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
    }
    char[] s = "rwxrwxrwx".toCharArray();
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) == 0) {
        s[i] = '-';
      }
    }
    return PosixFilePermissions.fromString(new String(s));
  }

  /** Runs a command; null when it succeeded, else its output (for the error message). */
  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " timed out";
      }
      return p.exitValue() == 0 ? null : new String(out).strip();
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
