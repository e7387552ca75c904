package io.multiarchbuild.engine.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir Path tmp;

  @Test
  void delete_removesTreesWithDirectoriesThatHaveNoPermissionsAtAll() throws IOException {
    // overlayfs leaves its work dir as d---------; a RUN may chmod 000 a directory too.
    Path root = tmp.resolve("root");
    Path locked = Files.createDirectories(root.resolve("a/work"));
    Files.writeString(locked.resolve("f"), "x");
    Files.createSymbolicLink(root.resolve("a/link"), tmp);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(root.resolve("a"), PosixFilePermissions.fromString("r-x------"));

    FileTrees.delete(root);

    assertThat(root).doesNotExist();
    assertThat(tmp).exists(); // the symlink's target was not followed
  }

  @Test
  void size_countsRegularFilesOnly_andMissingPathsAreZero() throws IOException {
    Files.writeString(tmp.resolve("a"), "12345");
    Files.createDirectories(tmp.resolve("d"));
    Files.writeString(tmp.resolve("d/b"), "123");
    Files.createSymbolicLink(tmp.resolve("l"), tmp.resolve("a"));
    assertThat(FileTrees.size(tmp)).isEqualTo(8);
    assertThat(FileTrees.size(tmp.resolve("missing"))).isZero();
  }
}
