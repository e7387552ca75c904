package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tmpfs mounted for secrets (needs root, as the builder runs). */
class SecretFilesIT {

  @TempDir Path parent;

  @Test
  void mountTmpfs_onADiskDirectory_putsFilesInMemoryAndUnmountsOnClose() throws Exception {
    assertThat(Files.getFileStore(parent).type()).isNotEqualTo("tmpfs");
    Path file;
    Path dir;
    try (SecretFiles files = SecretFiles.mountTmpfs(parent, 1024 * 1024)) {
      dir = files.directory();
      assertThat(dir.getParent()).isEqualTo(parent);
      assertThat(Files.getFileStore(dir).type()).isEqualTo("tmpfs");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      assertThat(mountOptions(dir)).contains("nosuid", "nodev", "noexec");
      file = files.write("token", "v".getBytes(StandardCharsets.UTF_8), 0400);
      assertThat(Files.getFileStore(file).type()).isEqualTo("tmpfs");
    }
    assertThat(file).doesNotExist();
    assertThat(dir).doesNotExist();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
  }

  @Test
  void mountTmpfs_sizeLimit_refusesValuesThatDoNotFit() {
    try (SecretFiles files = SecretFiles.mountTmpfs(parent, 64 * 1024)) {
      assertThatThrownBy(() -> files.write("big", new byte[256 * 1024], 0400))
          .isInstanceOf(SecretsError.class)
          .hasMessageContaining("cannot write secret file");
    }
  }

  private static String mountOptions(Path dir) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.split(" ")[4].equals(dir.toString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(dir + " is not a mount point"));
  }
}
