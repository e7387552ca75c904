package io.multiarchbuild.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memo of a successful overlay probe: when detection reuses it and when it probes again. */
class SnapshottersDetectTest {

  @TempDir Path root;

  private final AtomicInteger probes = new AtomicInteger();

  private Snapshotters.Prober answering(String problem) {
    return r -> {
      probes.incrementAndGet();
      return problem;
    };
  }

  @Test
  void detect_afterASuccessfulProbe_choosesOverlayWithoutProbingAgain() throws IOException {
    Snapshotters.Choice first = Snapshotters.detect(root, answering(null), "kernel=6.1\n");
    Snapshotters.Choice second = Snapshotters.detect(root, answering(null), "kernel=6.1\n");
    assertThat(probes).hasValue(1);
    assertThat(first.snapshotter().kind()).isEqualTo("overlay");
    assertThat(second.snapshotter().kind()).isEqualTo("overlay");
    assertThat(second.message()).isEqualTo(first.message());
  }

  @Test
  void detect_environmentKeyChanged_probesAgain() throws IOException {
    Snapshotters.detect(root, answering(null), "kernel=6.1\nfs=ext4\n");
    Snapshotters.Choice c = Snapshotters.detect(root, answering("mount failed: no overlay"), "kernel=6.2\nfs=ext4\n");
    assertThat(probes).hasValue(2);
    assertThat(c.snapshotter().kind()).isEqualTo("copy");
    assertThat(c.message()).contains("mount failed: no overlay");
  }

  @Test
  void detect_failedProbe_isNotRememberedAndForgetsAnEarlierSuccess() throws IOException {
    Snapshotters.detect(root, answering(null), "k\n");
    Snapshotters.detect(root, answering("mount failed"), "other\n");
    Snapshotters.Choice c = Snapshotters.detect(root, answering("mount failed"), "k\n");
    assertThat(probes).hasValue(3);
    assertThat(c.snapshotter().kind()).isEqualTo("copy");
    assertThat(root.resolve(ProbeMemo.FILE)).doesNotExist();
  }

  @Test
  void detect_unreadableMemo_probesAgainAndRewritesIt() throws IOException {
    Files.write(root.resolve(ProbeMemo.FILE), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    Snapshotters.Choice c = Snapshotters.detect(root, answering(null), "k\n");
    assertThat(probes).hasValue(1);
    assertThat(c.snapshotter().kind()).isEqualTo("overlay");
    assertThat(Files.readString(root.resolve(ProbeMemo.FILE))).isEqualTo("k\n");
  }

  @Test
  void environmentKey_namesKernelFileSystemAndUser() {
    String key = ProbeMemo.environmentKey(root);
    assertThat(key).contains("kernel=" + System.getProperty("os.version"))
        .contains("fs=").contains("dev=").contains("user=" + System.getProperty("user.name"));
  }
}
