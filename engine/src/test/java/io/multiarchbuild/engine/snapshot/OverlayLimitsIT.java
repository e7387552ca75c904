package io.multiarchbuild.engine.snapshot;

import static io.multiarchbuild.engine.snapshot.SnapshotFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deep stacks, the option-length limit, probing, and what a diff keeps besides plain files. */
class OverlayLimitsIT {

  @TempDir Path tmp;

  @Test
  void prepare_hundredLowerLayers_mountsWithShortPaths() throws IOException {
    Snapshotter s = Snapshotters.overlay(tmp.resolve("cache"));
    List<LayerRef> lowers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Blob b = write(List.of(LayerEntry.file("layer-" + i, 0644, BASE_TIME, bytes("content " + i))));
      lowers.add(s.layers().extractLayer(b.layer().diffId(), b.open()));
    }
    try (Snapshot snap = s.prepare("deep", lowers)) {
      for (int i = 0; i < 100; i++) {
        assertThat(Files.readString(snap.rootfs().resolve("layer-" + i))).isEqualTo("content " + i);
      }
      String options = mountOptions(snap.rootfs());
      assertThat(options).contains("lowerdir=l/").doesNotContain(tmp.toString());
    }
    assertThat(mountsUnder(tmp)).isEmpty();
  }

  @Test
  void prepare_morelayersThanTheOptionPageHolds_failsClearlyWithoutMounting() throws IOException {
    Snapshotter s = Snapshotters.overlay(tmp.resolve("cache"));
    Path layersDir = tmp.resolve("cache/layers").toRealPath();
    List<LayerRef> lowers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lowers.add(new LayerRef("k" + i, Files.createDirectory(layersDir.resolve("k" + i)), WhiteoutStyle.OVERLAY));
    }
    assertThatThrownBy(() -> s.prepare("toodeep", lowers))
        .isInstanceOf(SnapshotError.class)
        .hasMessageContaining("cannot stack 300 layers")
        .hasMessageContaining("4096-byte limit");
    assertThat(mountsUnder(tmp)).isEmpty();
    assertThat(tmp.resolve("cache/snapshots/toodeep")).doesNotExist();
  }

  @Test
  void detect_onExt4_choosesOverlay() throws IOException {
    Snapshotters.Choice c = Snapshotters.detect(tmp.resolve("cache"));
    assertThat(c.snapshotter().kind()).isEqualTo("overlay");
    assertThat(c.message()).startsWith("snapshotter: overlay").contains(tmp.resolve("cache").toString());
    assertThat(mountsUnder(tmp)).isEmpty();
    try (var left = Files.list(tmp.resolve("cache"))) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".probe"));
    }
  }

  @Test
  void detect_cacheOnOverlayfs_fallsBackToCopyAndSaysWhy() throws IOException {
    Path outer = Files.createDirectories(tmp.resolve("outer"));
    for (String d : List.of("l", "u", "w", "m")) {
      Files.createDirectories(outer.resolve(d));
    }
    Commands.Result m = Commands.run(outer, List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=l,upperdir=u,workdir=w", "m"));
    assertThat(m.ok()).as(m.output()).isTrue();
    try {
      Path cache = outer.resolve("m/cache");
      Snapshotters.Choice c = Snapshotters.detect(cache);
      assertThat(c.snapshotter().kind()).isEqualTo("copy");
      assertThat(c.message()).startsWith("snapshotter: copy").contains("overlay").contains("mount failed");
      Snapshotter s = c.snapshotter();
      Blob b = write(baseEntries());
      LayerRef base = s.layers().extractLayer(b.layer().diffId(), b.open());
      try (Snapshot snap = s.prepare("run1", List.of(base))) {
        runLikeOperations(snap.rootfs());
        assertThat(types(snap.diff())).isEqualTo(expectedDiff());
      }
    } finally {
      Commands.run(null, List.of("umount", outer.resolve("m").toString()));
    }
    assertThat(mountsUnder(tmp)).isEmpty();
  }

  @Test
  void diff_keepsUserXattrsHardlinksFifosAndOwners() throws IOException {
    Snapshotter s = Snapshotters.overlay(tmp.resolve("cache"));
    try (Snapshot snap = s.prepare("meta", List.of())) {
      Path r = snap.rootfs();
      Path f = Files.writeString(r.resolve("f"), "data");
      Files.createLink(r.resolve("g"), f);
      Files.getFileAttributeView(f, UserDefinedFileAttributeView.class).write("note", ByteBuffer.wrap(bytes("v")));
      Files.setAttribute(f, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(f, "unix:gid", 5678, LinkOption.NOFOLLOW_LINKS);
      Commands.Result fifo = Commands.run(r, List.of("mkfifo", "pipe"));
      assertThat(fifo.ok()).as(fifo.output()).isTrue();
      List<LayerEntry> diff = snap.diff();
      assertThat(types(diff))
          .isEqualTo(Map.of("f", LayerEntry.Type.FILE, "g", LayerEntry.Type.HARDLINK, "pipe", LayerEntry.Type.FIFO));
      LayerEntry file = entry(diff, "f");
      assertThat(file.uid()).isEqualTo(1234);
      assertThat(file.gid()).isEqualTo(5678);
      assertThat(file.xattrs()).containsOnlyKeys("user.note");
      assertThat(entry(diff, "g").linkTarget()).isEqualTo("f");
      Blob layer = write(diff);
      assertThat(layer.layer().diffId()).isEqualTo(write(DiffWalker.entries(tmp.resolve("cache/snapshots/meta/upper"))).layer().diffId());
    }
  }

  private static String mountOptions(Path mountPoint) throws IOException {
    String mp = mountPoint.toRealPath().toString();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.split(" ")[4].equals(mp))
        .findFirst()
        .orElseThrow()
        .split(" - ")[1];
  }
}
