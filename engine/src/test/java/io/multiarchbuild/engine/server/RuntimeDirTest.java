package io.multiarchbuild.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDirTest {

  @TempDir Path temp;

  @Test
  void ensure_underXdgRuntimeDir_createsAPrivateDirectory() throws Exception {
    Path dir = RuntimeDir.ensure(Map.of("XDG_RUNTIME_DIR", temp.toString()));
    assertThat(dir).isEqualTo(temp.resolve("multiarch-build")).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(RuntimeDir.ensure(Map.of("XDG_RUNTIME_DIR", temp.toString()))).as("again: accepted").isEqualTo(dir);
  }

  @Test
  void ensure_ofAGroupWritableDirectory_refusesInOneLine() throws Exception {
    Files.createDirectory(temp.resolve("multiarch-build"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwx---")));
    assertThatThrownBy(() -> RuntimeDir.ensure(Map.of("XDG_RUNTIME_DIR", temp.toString())))
        .isInstanceOf(RuntimeDir.Refused.class)
        .hasMessageContaining("open to other users").hasMessageContaining("chmod 700")
        .hasMessageNotContaining("\n");
  }

  @Test
  void ensure_ofASymlink_refuses() throws Exception {
    Path target = Files.createDirectory(temp.resolve("elsewhere"));
    Files.createSymbolicLink(temp.resolve("multiarch-build"), target);
    assertThatThrownBy(() -> RuntimeDir.ensure(Map.of("XDG_RUNTIME_DIR", temp.toString())))
        .isInstanceOf(RuntimeDir.Refused.class).hasMessageContaining("not a directory");
  }
}
