package io.multiarchbuild.engine.snapshot;

import static io.multiarchbuild.engine.snapshot.SnapshotFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy fallback's diff, on a plain directory (no mounts). */
class StatIndexTest {

  @TempDir Path root;

  @Test
  void diff_untouchedTree_isEmpty() throws IOException {
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/f"), "x");
    StatIndex index = StatIndex.of(root);
    assertThat(index.diff(root)).isEmpty();
  }

  @Test
  void diff_deletedSubtree_isOneWhiteoutAtItsTop() throws IOException {
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/f"), "x");
    StatIndex index = StatIndex.of(root);
    Files.delete(root.resolve("a/b/c/f"));
    Files.delete(root.resolve("a/b/c"));
    Files.delete(root.resolve("a/b"));
    assertThat(types(index.diff(root)))
        .isEqualTo(Map.of("a", LayerEntry.Type.DIRECTORY, "a/.wh.b", LayerEntry.Type.FILE));
  }

  @Test
  void diff_directoryRemadeWithTheSameInode_isOpaque() throws IOException {
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/old"), "x");
    StatIndex index = StatIndex.of(root);
    Files.delete(root.resolve("d/old"));
    Files.delete(root.resolve("d"));
    Files.createDirectory(root.resolve("d"));
    Files.createDirectory(root.resolve("d/sub"));
    assertThat(types(index.diff(root)))
        .isEqualTo(Map.of(
            "d", LayerEntry.Type.DIRECTORY,
            "d/.wh..wh..opq", LayerEntry.Type.FILE,
            "d/sub", LayerEntry.Type.DIRECTORY));
  }

  @Test
  void diff_emptiedButKeptDirectory_isWhiteoutsNotOpaque() throws IOException {
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/old"), "x");
    StatIndex index = StatIndex.of(root);
    Files.delete(root.resolve("d/old"));
    assertThat(types(index.diff(root)))
        .isEqualTo(Map.of("d", LayerEntry.Type.DIRECTORY, "d/.wh.old", LayerEntry.Type.FILE));
  }

  @Test
  void diff_fileReplacedByDirectory_isAnOpaqueDirectoryWithNoWhiteout() throws IOException {
    Files.writeString(root.resolve("x"), "file");
    StatIndex index = StatIndex.of(root);
    Files.delete(root.resolve("x"));
    Files.createDirectory(root.resolve("x"));
    Files.writeString(root.resolve("x/inner"), "i");
    assertThat(types(index.diff(root)))
        .isEqualTo(Map.of(
            "x", LayerEntry.Type.DIRECTORY,
            "x/.wh..wh..opq", LayerEntry.Type.FILE,
            "x/inner", LayerEntry.Type.FILE));
  }

  @Test
  void diff_indexMarkIsNeverInTheEntries() throws IOException {
    Files.createDirectories(root.resolve("d"));
    StatIndex index = StatIndex.of(root);
    Files.writeString(root.resolve("d/new"), "n");
    List<LayerEntry> diff = index.diff(root);
    assertThat(diff).allSatisfy(e -> assertThat(e.xattrs()).doesNotContainKey(StatIndex.MARK));
    assertThat(types(diff)).isEqualTo(Map.of("d", LayerEntry.Type.DIRECTORY, "d/new", LayerEntry.Type.FILE));
  }
}
