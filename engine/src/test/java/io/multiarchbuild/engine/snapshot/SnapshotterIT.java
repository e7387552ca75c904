package io.multiarchbuild.engine.snapshot;

import static io.multiarchbuild.engine.snapshot.SnapshotFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real snapshots (overlay mounts as root, and the copying fallback) driven like a RUN would. */
class SnapshotterIT {

  @TempDir Path tmp;

  private Snapshotter snapshotter(String kind) throws IOException {
    Path root = tmp.resolve(kind);
    return kind.equals("overlay") ? Snapshotters.overlay(root) : Snapshotters.copy(root);
  }

  private static LayerRef base(Snapshotter s) throws IOException {
    Blob b = write(baseEntries());
    return s.layers().extractLayer(b.layer().diffId(), b.open());
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void commit_afterRunLikeChanges_diffHoldsExactlyTheChanges(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    LayerRef base = base(s);
    List<LayerEntry> diff;
    try (Snapshot snap = s.prepare("run1", List.of(base))) {
      assertThat(Files.readString(snap.rootfs().resolve("etc/keep"))).isEqualTo("keep");
      runLikeOperations(snap.rootfs());
      diff = snap.diff();
      assertThat(types(diff)).isEqualTo(expectedDiff());
      assertThat(content(entry(diff, "etc/modify"))).isEqualTo("changed content");
      assertThat(content(entry(diff, "etc/new"))).isEqualTo("new");
      assertThat(content(entry(diff, "bin/tool"))).as("chmod copies the whole file up").isEqualTo("#!/bin/sh\n");
      assertThat(entry(diff, "bin/tool").mode()).isEqualTo(0755);
      assertThat(entry(diff, "etc/link").linkTarget()).isEqualTo("keep");
      assertThat(entry(diff, "etc/.wh.delete").size()).isZero();
      assertThat(diff).allSatisfy(e -> assertThat(e.xattrs().keySet()).noneMatch(k -> k.startsWith("user.overlay.")));
      LayerRef committed = snap.commit();
      assertThat(types(committed.entries())).isEqualTo(expectedDiff());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void prepare_onCommittedLayer_seesTheChanges(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    LayerRef base = base(s);
    LayerRef step;
    try (Snapshot snap = s.prepare("run1", List.of(base))) {
      runLikeOperations(snap.rootfs());
      step = snap.commit();
    }
    try (Snapshot next = s.prepare("run2", List.of(base, step))) {
      assertNextStepView(next.rootfs());
      assertThat(next.diff()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void whiteouts_roundTripThroughLayerWriterAndExtraction(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    LayerRef base = base(s);
    Blob diffBlob;
    try (Snapshot snap = s.prepare("run1", List.of(base))) {
      runLikeOperations(snap.rootfs());
      diffBlob = write(snap.diff());
    }
    LayerRef extracted = s.layers().extractLayer(diffBlob.layer().diffId(), diffBlob.open());
    assertThat(types(extracted.entries())).isEqualTo(expectedDiff());
    try (Snapshot next = s.prepare("run2", List.of(base, extracted))) {
      assertNextStepView(next.rootfs());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void release_leavesNoMountAndNoDirectory(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    LayerRef base = base(s);
    Snapshot snap = s.prepare("run1", List.of(base));
    Files.writeString(snap.rootfs().resolve("etc/new"), "new");
    if (kind.equals("overlay")) {
      assertThat(mountsUnder(tmp)).hasSize(1);
    }
    snap.release();
    assertThat(mountsUnder(tmp)).isEmpty();
    assertThat(tmp.resolve(kind).resolve("snapshots/run1")).doesNotExist();
    try (var list = Files.list(tmp.resolve(kind).resolve("snapshots"))) {
      assertThat(list.toList()).isEmpty();
    }
    assertThat(Files.readString(base.dir().resolve("etc/keep"))).as("lowers untouched").isEqualTo("keep");
    assertThat(base.dir().resolve("etc/new")).doesNotExist();
  }

  @Test
  void overlayAndCopy_sameOperations_sameLayerDigest() throws IOException {
    String[] digests = new String[2];
    String[] kinds = {"overlay", "copy"};
    for (int i = 0; i < 2; i++) {
      Snapshotter s = snapshotter(kinds[i]);
      try (Snapshot snap = s.prepare("run1", List.of(base(s)))) {
        runLikeOperations(snap.rootfs());
        digests[i] = write(snap.diff()).layer().diffId().toString();
      }
    }
    assertThat(digests[1]).as("copy vs overlay diff_id").isEqualTo(digests[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void prepare_scratch_emptyRootfsAndNewFilesAreTheDiff(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    try (Snapshot snap = s.prepare("scratch", List.of())) {
      try (var list = Files.list(snap.rootfs())) {
        assertThat(list.toList()).isEmpty();
      }
      Files.writeString(snap.rootfs().resolve("hello"), "hi");
      assertThat(types(snap.diff())).containsExactly(java.util.Map.entry("hello", LayerEntry.Type.FILE));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void busyboxBase_extractedOnce_runsOnTop(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    BaseLayer bb = busyboxLayer();
    LayerRef layer;
    try (InputStream in = Files.newInputStream(bb.blob())) {
      layer = s.layers().extractLayer(bb.diffId(), in);
    }
    assertThat(s.layers().find(bb.diffId())).contains(layer);
    try (InputStream in = Files.newInputStream(bb.blob())) {
      assertThat(s.layers().extractLayer(bb.diffId(), in)).isEqualTo(layer);
    }
    try (Snapshot snap = s.prepare("bb", List.of(layer))) {
      Path busybox = snap.rootfs().resolve("bin/busybox");
      assertThat(Files.isRegularFile(busybox, LinkOption.NOFOLLOW_LINKS)).isTrue();
      Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwx------"));
      List<LayerEntry> diff = snap.diff();
      assertThat(entry(diff, "bin/busybox").size()).isEqualTo(Files.size(layer.dir().resolve("bin/busybox")));
      assertThat(diff).extracting(LayerEntry::path).containsExactly("bin", "bin/busybox");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlay", "copy"})
  void extractLayer_contentNotMatchingDiffId_isRejected(String kind) throws IOException {
    Snapshotter s = snapshotter(kind);
    Blob b = write(baseEntries());
    Blob other = write(List.of(LayerEntry.file("x", 0644, BASE_TIME, bytes("x"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.layers().extractLayer(b.layer().diffId(), other.open()))
        .isInstanceOf(SnapshotError.class)
        .hasMessageContaining("is corrupt");
    assertThat(s.layers().find(b.layer().diffId())).isEmpty();
  }

  private static void assertNextStepView(Path rootfs) throws IOException {
    assertThat(Files.readString(rootfs.resolve("etc/new"))).isEqualTo("new");
    assertThat(Files.readString(rootfs.resolve("etc/modify"))).isEqualTo("changed content");
    assertThat(rootfs.resolve("etc/delete")).doesNotExist();
    assertThat(Files.exists(rootfs.resolve("etc/delete"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    try (var dir = Files.list(rootfs.resolve("dir"))) {
      assertThat(dir.map(p -> p.getFileName().toString()).toList()).containsExactly("fresh");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("bin/tool")))).isEqualTo("rwxr-xr-x");
    assertThat(Files.readSymbolicLink(rootfs.resolve("etc/link"))).isEqualTo(Path.of("keep"));
    assertThat(Files.exists(rootfs.resolve("gone"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.readString(rootfs.resolve("etc/keep"))).isEqualTo("keep");
  }
}
