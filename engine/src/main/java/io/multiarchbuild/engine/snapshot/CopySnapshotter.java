package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The fallback where overlayfs cannot be mounted: a snapshot's root file system is a full copy of its
 * lowers (applied bottom-up with {@code cp -a}, which keeps owners, modes, times, xattrs, hardlinks
 * and device nodes), and its diff is computed against a {@link StatIndex} taken right after copying.
 * Layer directories keep OCI whiteouts as plain {@code .wh.} files, which any file system can hold.
 */
final class CopySnapshotter implements Snapshotter {

  private final Path root;
  private final Layers layers;

  CopySnapshotter(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
    this.layers = new Layers(this.root, WhiteoutStyle.OCI);
    Files.createDirectories(this.root.resolve("snapshots"));
  }

  @Override
  public String kind() {
    return "copy";
  }

  @Override
  public Layers layers() {
    return layers;
  }

  @Override
  public Snapshot prepare(String id, List<LayerRef> lowers) throws IOException {
    OverlaySnapshotter.checkId(id);
    Path dir = root.resolve("snapshots").resolve(id);
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
        || Files.exists(layers.dir().resolve(OverlaySnapshotter.committedKey(id)))) {
      throw new IllegalArgumentException("snapshot id already used: " + id);
    }
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    try {
      for (LayerRef lower : lowers) {
        if (lower.style() != WhiteoutStyle.OCI) {
          throw new IllegalArgumentException("not a layer of this copy store: " + lower.dir());
        }
        apply(lower.dir(), rootfs);
      }
      return new Active(id, dir, StatIndex.of(rootfs));
    } catch (IOException | RuntimeException e) {
      Trees.delete(dir);
      throw e;
    }
  }

  /** Applies one OCI-form layer directory onto {@code rootfs}: its deletions, then its files. */
  private static void apply(Path layer, Path rootfs) throws IOException {
    List<Path> markers = new ArrayList<>();
    try (Stream<Path> all = Files.walk(layer)) {
      all.filter(p -> p.getFileName().toString().startsWith(LayerEntry.WHITEOUT_PREFIX)).sorted().forEach(markers::add);
    }
    for (Path m : markers) {
      Path rel = layer.relativize(m);
      Path parent = insideWithoutLinks(rootfs, rel.getParent());
      if (parent == null) {
        continue;
      }
      String name = m.getFileName().toString();
      if (name.equals(LayerEntry.OPAQUE_WHITEOUT)) {
        try (Stream<Path> children = Files.list(parent)) {
          for (Path c : children.toList()) {
            Trees.delete(c);
          }
        }
      } else {
        Trees.delete(parent.resolve(name.substring(LayerEntry.WHITEOUT_PREFIX.length())));
      }
    }
    Commands.Result r =
        Commands.run(null, List.of("cp", "-a", "--remove-destination", layer + "/.", rootfs + "/"));
    if (!r.ok()) {
      throw new SnapshotError("cannot copy layer " + layer.getFileName() + " into " + rootfs + ": " + Commands.firstLine(r.output()));
    }
    for (Path m : markers) {
      Files.deleteIfExists(rootfs.resolve(layer.relativize(m).toString()));
    }
  }

  /** {@code rootfs/rel} when every component is a real directory, else null (nothing there to delete). */
  private static Path insideWithoutLinks(Path rootfs, Path rel) throws IOException {
    Path p = rootfs;
    if (rel == null) {
      return p;
    }
    for (Path c : rel) {
      p = p.resolve(c.toString());
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        return null;
      }
      if (!a.isDirectory()) {
        return null;
      }
    }
    return p;
  }

  /** A copied root file system. */
  private final class Active implements Snapshot {
    private final String id;
    private final Path dir;
    private final StatIndex before;
    private boolean ended;

    Active(String id, Path dir, StatIndex before) {
      this.id = id;
      this.dir = dir;
      this.before = before;
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
      return before.diff(rootfs());
    }

    @Override
    public synchronized LayerRef commit() throws IOException {
      if (ended) {
        throw new IllegalStateException("snapshot " + id + " already ended");
      }
      Path tmp = Files.createDirectory(layers.dir().resolve(".tmp-" + UUID.randomUUID()));
      try {
        Materialiser.write(diff(), tmp);
        Path target = layers.dir().resolve(OverlaySnapshotter.committedKey(id));
        Files.move(tmp, target);
        ended = true;
        Trees.delete(dir);
        return new LayerRef(OverlaySnapshotter.committedKey(id), target, WhiteoutStyle.OCI);
      } finally {
        Trees.delete(tmp);
      }
    }

    @Override
    public synchronized void release() throws IOException {
      if (!ended) {
        ended = true;
        Trees.delete(dir);
      }
    }
  }
}
