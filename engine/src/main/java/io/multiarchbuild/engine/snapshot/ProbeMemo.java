package io.multiarchbuild.engine.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Remembers, in a snapshotter root, that the overlay probe succeeded there, so later builds skip it
 * (the probe mounts, writes through and unmounts an overlay: two processes and several syscalls on
 * every build). The memo is keyed by what the answer depends on: the kernel (release and boot), the
 * file system the root is on (type and device) and the user; any change and the probe runs again.
 * Only success is remembered: a failed probe may be fixed later (a module loaded, a volume
 * remounted), and where overlay fails the copying snapshotter's cost dwarfs the probe's anyway.
 */
final class ProbeMemo {

  static final String FILE = "overlay-probe.ok";

  private final Path file;
  private final String key;

  ProbeMemo(Path root, String key) {
    this.file = root.resolve(FILE);
    this.key = key;
  }

  /** The environment key of {@code root}: kernel release, boot id, file system type and device, user. */
  static String environmentKey(Path root) {
    StringBuilder k = new StringBuilder();
    k.append("kernel=").append(System.getProperty("os.version")).append('\n');
    k.append("boot=").append(readOrEmpty(Path.of("/proc/sys/kernel/random/boot_id"))).append('\n');
    try {
      k.append("fs=").append(Files.getFileStore(root).type()).append('\n');
      k.append("dev=").append(Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS)).append('\n');
    } catch (IOException | UnsupportedOperationException e) {
      k.append("fs=?\n");
    }
    k.append("user=").append(System.getProperty("user.name")).append('\n');
    return k.toString();
  }

  /** Whether a successful probe was recorded under exactly this key. */
  boolean remembersSuccess() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).equals(key);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      return false; // unreadable or not text: probe again, and overwrite it on success
    }
  }

  /** Records a successful probe (atomically: a concurrent reader sees the old memo or the new one). */
  void rememberSuccess() throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".memo-", ".tmp");
    try {
      Files.writeString(tmp, key, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Forgets a recorded success (the next detection probes again). */
  void forget() throws IOException {
    Files.deleteIfExists(file);
  }

  private static String readOrEmpty(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
