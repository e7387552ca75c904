package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathsTest {

  @TempDir
  Path root;

  @Test
  void resolve_plainPath_isUnderRoot() throws Exception {
    assertThat(RootPaths.resolve(root, "/a/b/c")).isEqualTo(root.resolve("a/b/c"));
  }

  @Test
  void resolve_dotDotAboveRoot_staysAtRoot() throws Exception {
    assertThat(RootPaths.resolve(root, "/../../x/../y")).isEqualTo(root.resolve("y"));
  }

  @Test
  void resolve_absoluteSymlink_isRelativeToRoot() throws Exception {
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("/real"));
    assertThat(RootPaths.resolve(root, "/link/file")).isEqualTo(root.resolve("real/file"));
  }

  @Test
  void resolve_relativeSymlinkClimbingOut_isClampedAtRoot() throws Exception {
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../tmp"));
    assertThat(RootPaths.resolve(root, "/a/up/x")).isEqualTo(root.resolve("tmp/x"));
  }

  @Test
  void resolve_symlinkLoop_fails() throws Exception {
    Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
    assertThatThrownBy(() -> RootPaths.resolve(root, "/loop/x")).isInstanceOf(IOException.class)
        .hasMessageContaining("too many levels of symbolic links");
  }
}
