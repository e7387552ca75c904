package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Snapshots as overlayfs mounts: lower dirs are the layer directories (top first), the upper dir is
 * fresh, and after the RUN the upper dir is the diff. Layout under the root:
 *
 * <pre>
 * layers/&lt;key&gt;/            committed layer directories (overlay-form whiteouts)
 * l/&lt;12 hex&gt;               short symlinks to ../layers/&lt;key&gt;, as Docker's overlay2 does
 * snapshots/&lt;id&gt;/{upper,work,rootfs}
 * empty/                    the lower dir of FROM scratch (overlayfs needs at least one)
 * </pre>
 *
 * <p>Mount options and why:
 *
 * <ul>
 *   <li>{@code userxattr}: overlayfs keeps its markers (opaque dirs) in {@code user.overlay.*}, which
 *       Java reads and writes without native code or one {@code getfattr} process per file; it also
 *       forces {@code redirect_dir=nofollow}, so renaming a lower directory fails with EXDEV and
 *       tools fall back to copy + delete: the upper dir never holds a redirect;
 *   <li>{@code metacopy=off}: a chmod/chown copies the whole file up, so every upper file has its full
 *       content and the upper dir is a plain layer diff;
 *   <li>{@code index=off}: no inode index (hardlinks to lower files are broken on copy-up, as in
 *       Docker), no dependence on the lower file systems' file handles.
 * </ul>
 *
 * <p>The mount options are passed relative to the root, with {@code mount} started in the root
 * directory (Java cannot chdir, but a child process can start elsewhere); with 12-hex short links a
 * lower costs 15 bytes of the kernel's 4096-byte option page, so about 250 layers fit.
 */
final class OverlaySnapshotter implements Snapshotter {

  static final String MOUNT_OPTIONS = "userxattr,index=off,metacopy=off";

  /** Mount data is one page; the kernel rejects longer option strings. */
  static final int MAX_OPTIONS = 4095;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path root;
  private final Layers layers;

  OverlaySnapshotter(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
    this.layers = new Layers(this.root, WhiteoutStyle.OVERLAY);
    Files.createDirectories(this.root.resolve("l"));
    Files.createDirectories(this.root.resolve("snapshots"));
    Files.createDirectories(this.root.resolve("empty"));
  }

  @Override
  public String kind() {
    return "overlay";
  }

  @Override
  public Layers layers() {
    return layers;
  }

  @Override
  public Snapshot prepare(String id, List<LayerRef> lowers) throws IOException {
    checkId(id);
    List<String> lowerPaths = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = lowers.size() - 1; i >= 0; i--) {
      // The same layer twice in a chain (two identical COPY steps) would make overlayfs refuse the
      // mount (ELOOP). Only its topmost copy counts: for any path overlayfs stops at the first layer
      // from the top that has it (or hides it, or makes its directory opaque), and a lower copy of
      // the same layer can only be reached for paths the upper copy does not have either.
      String link = shortLink(lowers.get(i));
      if (seen.add(link)) {
        lowerPaths.add(link);
      }
    }
    if (lowerPaths.isEmpty()) {
      lowerPaths.add("empty");
    }
    String rel = "snapshots/" + id;
    String options =
        "lowerdir=" + String.join(":", lowerPaths) + ",upperdir=" + rel + "/upper,workdir=" + rel + "/work," + MOUNT_OPTIONS;
    if (options.length() > MAX_OPTIONS) {
      throw new SnapshotError(
          "cannot stack " + lowers.size() + " layers in one overlay mount: the mount options would be "
              + options.length() + " bytes, over the kernel's " + (MAX_OPTIONS + 1)
              + "-byte limit; squash the base image or use fewer RUN/COPY steps");
    }
    Path dir = root.resolve(rel);
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || Files.exists(layers.dir().resolve(committedKey(id)))) {
      throw new IllegalArgumentException("snapshot id already used: " + id);
    }
    Files.createDirectories(dir.resolve("upper"));
    Files.createDirectories(dir.resolve("work"));
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Commands.Result r = Commands.runToEnd(root, List.of("mount", "-t", "overlay", "overlay", "-o", options, rootfs.toString()));
    if (!r.ok()) {
      FileTrees.delete(dir);
      throw new SnapshotError(
          "cannot mount the root file system of snapshot " + id + " (overlay of " + lowers.size() + " layers under "
              + root + "): " + Commands.firstLine(r.output()));
    }
    return new Active(id, dir);
  }

  /** {@code l/<12 hex>} → {@code ../layers/<key>}, made once per layer. */
  private String shortLink(LayerRef ref) throws IOException {
    if (!ref.dir().getParent().equals(layers.dir()) || ref.style() != WhiteoutStyle.OVERLAY) {
      throw new IllegalArgumentException("not a layer of this overlay store: " + ref.dir());
    }
    String name = "l/" + Digest.sha256(ref.key()).hex().substring(0, 12);
    Path link = root.resolve(name);
    Path target = Path.of("..", "layers", ref.key());
    if (!Files.isSymbolicLink(link)) {
      try {
        Files.createSymbolicLink(link, target);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // made concurrently by another prepare
      }
    }
    if (!Files.readSymbolicLink(link).equals(target)) {
      throw new IllegalStateException("short link collision at " + link + " for " + ref.key());
    }
    return name;
  }

  static void checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bad snapshot id: " + id);
    }
  }

  static String committedKey(String id) {
    return "snapshot-" + id;
  }

  /** A mounted snapshot. */
  private final class Active implements Snapshot {
    private final String id;
    private final Path dir;
    private boolean mounted = true;
    private boolean ended;

    Active(String id, Path dir) {
      this.id = id;
      this.dir = dir;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Path rootfs() {
      return dir.resolve("rootfs");
    }

    @Override
    public List<LayerEntry> diff() throws IOException {
      return DiffWalker.entries(dir.resolve("upper"));
    }

    @Override
    public synchronized LayerRef commit() throws IOException {
      if (ended) {
        throw new IllegalStateException("snapshot " + id + " already ended");
      }
      unmount();
      Path target = layers.dir().resolve(committedKey(id));
      Files.move(dir.resolve("upper"), target);
      ended = true;
      FileTrees.delete(dir);
      return new LayerRef(committedKey(id), target, WhiteoutStyle.OVERLAY);
    }

    @Override
    public synchronized void release() throws IOException {
      if (ended) {
        return;
      }
      unmount();
      ended = true;
      FileTrees.delete(dir);
    }

    private void unmount() throws IOException {
      if (!mounted) {
        return;
      }
      // Unmounting is cleanup that must happen on a cancelled (interrupted) build too.
      Commands.Result r = Commands.runToEnd(null, List.of("umount", rootfs().toString()));
      if (!r.ok()) {
        throw new SnapshotError(
            "cannot unmount snapshot " + id + " at " + rootfs() + ": " + Commands.firstLine(r.output())
                + " (is a process of the build still running in it?)");
      }
      mounted = false;
    }
  }
}
