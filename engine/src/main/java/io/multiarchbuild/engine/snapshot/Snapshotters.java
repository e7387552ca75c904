package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.common.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Chooses the snapshotter for a cache directory by trying what overlayfs needs there. */
public final class Snapshotters {

  /**
   * The chosen snapshotter and a one-line message saying which and why, for the CLI and progress output.
   */
  public record Choice(Snapshotter snapshotter, String message) {}

  private Snapshotters() {}

  /**
   * Mounts a tiny overlay under {@code root} (with the options real snapshots use) and checks that a
   * delete leaves a whiteout device and a re-created directory an opaque marker in the upper dir. If
   * anything fails (not root, overlay on overlay, a file system without user xattrs, no overlayfs in
   * the kernel) the copying snapshotter is chosen, and the message says why. A success is remembered
   * in {@code root} for the same kernel, file system and user ({@link ProbeMemo}), so later builds do
   * not probe again.
   */
  public static Choice detect(Path root) throws IOException {
    Files.createDirectories(root);
    return detect(root, Snapshotters::probe, ProbeMemo.environmentKey(root));
  }

  /** {@link #detect(Path)} with the probe and the environment key given (tests count probes). */
  static Choice detect(Path root, Prober prober, String environmentKey) throws IOException {
    Files.createDirectories(root);
    String fs = fileSystemOf(root);
    ProbeMemo memo = new ProbeMemo(root, environmentKey);
    if (memo.remembersSuccess()) {
      return new Choice(overlay(root), "snapshotter: overlay (overlayfs works under " + root + ", " + fs + ")");
    }
    String problem = prober.probe(root);
    if (problem == null) {
      memo.rememberSuccess();
      return new Choice(overlay(root), "snapshotter: overlay (overlayfs works under " + root + ", " + fs + ")");
    }
    memo.forget();
    return new Choice(
        copy(root),
        "snapshotter: copy (overlayfs cannot be used under " + root + ", " + fs + ": " + problem
            + "); each RUN copies its base file system, which is slower");
  }

  /** Tries overlayfs under a root: null when it works, else what went wrong. */
  @FunctionalInterface
  interface Prober {
    String probe(Path root) throws IOException;
  }

  /** The overlayfs snapshotter, without probing. */
  public static Snapshotter overlay(Path root) throws IOException {
    return new OverlaySnapshotter(root);
  }

  /** The copying snapshotter, which works on any file system. */
  public static Snapshotter copy(Path root) throws IOException {
    return new CopySnapshotter(root);
  }

  /** Null when overlay works under {@code root}, else what went wrong. */
  static String probe(Path root) throws IOException {
    Path dir = root.resolve(".probe-" + UUID.randomUUID());
    Path lower = Files.createDirectories(dir.resolve("lower"));
    Files.createDirectories(dir.resolve("upper"));
    Files.createDirectories(dir.resolve("work"));
    Path merged = Files.createDirectories(dir.resolve("merged"));
    Files.writeString(lower.resolve("file"), "x");
    Files.createDirectories(lower.resolve("dir"));
    Files.writeString(lower.resolve("dir").resolve("inner"), "x");
    try {
      String options = "lowerdir=lower,upperdir=upper,workdir=work," + OverlaySnapshotter.MOUNT_OPTIONS;
      Commands.Result m = Commands.runToEnd(dir, List.of("mount", "-t", "overlay", "overlay", "-o", options, merged.toString()));
      if (!m.ok()) {
        return "mount failed: " + Commands.firstLine(m.output());
      }
      try {
        Files.delete(merged.resolve("file"));
        Files.delete(merged.resolve("dir").resolve("inner"));
        Files.delete(merged.resolve("dir"));
        Files.createDirectory(merged.resolve("dir"));
      } catch (IOException e) {
        return "writing through the overlay failed: " + e;
      } finally {
        Commands.Result u = Commands.runToEnd(null, List.of("umount", merged.toString()));
        if (!u.ok()) {
          throw new SnapshotError("cannot unmount the overlay probe at " + merged + ": " + Commands.firstLine(u.output()));
        }
      }
      Map<String, Object> wh = Files.readAttributes(dir.resolve("upper/file"), "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
      if (((Integer) wh.get("mode") & 0170000) != 0020000 || (Long) wh.get("rdev") != 0L) {
        return "a deleted file left no whiteout device in the upper dir";
      }
      if (DiffWalker.entries(dir.resolve("upper")).stream()
          .noneMatch(e -> e.path().equals("dir/" + io.multiarchbuild.engine.oci.LayerEntry.OPAQUE_WHITEOUT))) {
        return "a re-created directory was not marked opaque (no user xattrs on this file system?)";
      }
      return null;
    } catch (java.nio.file.NoSuchFileException e) {
      return "a deleted file left no whiteout in the upper dir";
    } finally {
      FileTrees.delete(dir);
    }
  }

  private static String fileSystemOf(Path p) {
    try {
      return Files.getFileStore(p).type();
    } catch (IOException e) {
      return "unknown file system";
    }
  }
}
