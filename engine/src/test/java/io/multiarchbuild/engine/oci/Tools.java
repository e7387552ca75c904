package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the system tools (tar, gzip, zstd, sha256sum) that independently check what we wrote. */
final class Tools {
  private Tools() {}

  /** Runs {@code sh -c command} in {@code dir}; fails the test on a non-zero exit. Returns stdout. */
  static String sh(Path dir, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    assertThat(rc).as("exit code of `%s`, output:%n%s", command, out).isZero();
    return out;
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }

  static void shUnchecked(Path dir, String command) throws IOException {
    try {
      sh(dir, command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
