package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PivotRootTest {

  @Test
  void unsupported_rootIsAMount_isFalse() {
    assertThat(PivotRoot.unsupported(List.of(
        "24 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
        "25 24 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:2 - proc proc rw",
        "26 24 0:23 / /tmp rw - tmpfs tmpfs rw"))).isFalse();
  }

  @Test
  void unsupported_chrootWithoutRootMount_isTrue() {
    // in a chroot whose directory is not a mount point, nothing is mounted at /
    assertThat(PivotRoot.unsupported(List.of(
        "25 24 0:22 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
        "26 24 0:23 / /tmp rw - tmpfs tmpfs rw"))).isTrue();
  }

  @Test
  void unsupported_initramfsRoot_isTrue() {
    assertThat(PivotRoot.unsupported(List.of("1 1 0:2 / / rw - rootfs rootfs rw"))).isTrue();
  }

  @Test
  void unsupported_laterMountOverRoot_wins() {
    assertThat(PivotRoot.unsupported(List.of(
        "1 1 0:2 / / rw - rootfs rootfs rw",
        "30 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw"))).isFalse();
  }
}
