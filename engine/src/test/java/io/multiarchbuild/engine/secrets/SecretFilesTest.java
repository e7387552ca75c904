package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** Secret files in a private directory under /dev/shm (tmpfs on Linux); mounting is in SecretFilesIT. */
class SecretFilesTest {

  private static final Path SHM = Path.of("/dev/shm");

  @Test
  void under_devShm_createsAPrivateDirectoryOnTmpfs() throws Exception {
    try (SecretFiles files = SecretFiles.under(SHM)) {
      assertThat(files.directory().getParent()).isEqualTo(SHM);
      assertThat(Files.getFileStore(files.directory()).type()).isEqualTo("tmpfs");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.directory()))).isEqualTo("rwx------");
    }
  }

  @Test
  void under_diskBackedDirectory_isRefused() throws Exception {
    // the build tree (target/) is on a disk file system, never tmpfs in this setup
    Path target = Path.of("target").toAbsolutePath();
    assertThat(Files.getFileStore(target).type()).isNotEqualTo("tmpfs");

    assertThatThrownBy(() -> SecretFiles.under(target))
        .isInstanceOf(SecretsError.class)
        .hasMessage(target + " is not a tmpfs; secrets are only written to memory-backed directories");
  }

  @Test
  void write_putsTheValueInAFileWithTheMountsMode() throws Exception {
    try (SecretFiles files = SecretFiles.under(SHM)) {
      Path f = files.write("npm/token", "abc".getBytes(StandardCharsets.UTF_8), 0400);
      Path g = files.write("npm/token", "def".getBytes(StandardCharsets.UTF_8), 0640);

      assertThat(f.getParent()).isEqualTo(files.directory());
      assertThat(f.getFileName().toString()).doesNotContain("/").endsWith("npm_token");
      assertThat(g).isNotEqualTo(f);
      assertThat(Files.readString(f)).isEqualTo("abc");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("r--------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(g))).isEqualTo("rw-r-----");
    }
  }

  @Test
  void delete_removesOneFile() throws Exception {
    try (SecretFiles files = SecretFiles.under(SHM)) {
      Path f = files.write("a", new byte[] {1, 2, 3}, 0400);
      files.delete(f);
      assertThat(f).doesNotExist();
      assertThat(files.directory()).isEmptyDirectory();
    }
  }

  @Test
  void close_deletesEveryFileAndTheDirectory() throws Exception {
    SecretFiles files = SecretFiles.under(SHM);
    Path f = files.write("a", new byte[] {1}, 0400);

    files.close();

    assertThat(f).doesNotExist();
    assertThat(files.directory()).doesNotExist();
    assertThatThrownBy(() -> files.write("b", new byte[] {1}, 0400)).isInstanceOf(IllegalStateException.class);
    files.close();
  }

  @Test
  void write_modeOutOfRange_isAProgrammingError() {
    try (SecretFiles files = SecretFiles.under(SHM)) {
      assertThatThrownBy(() -> files.write("a", new byte[] {1}, 04755)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
