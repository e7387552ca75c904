package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import org.junit.jupiter.api.Test;

/** Emulation against this machine's real binfmt_misc, as scripts/test-env.sh sets it up (amd64 host). */
class EmulationIT {

  @Test
  void check_hostPlatform_isNative() {
    assertThat(Emulation.check(Platform.host())).isEmpty();
  }

  @Test
  void check_arm64_usesQemuAarch64() {
    TestEnvironment.requireQemuBinfmt("aarch64");
    assertThat(Emulation.check(Platform.LINUX_ARM64)).contains("qemu-aarch64");
  }

  @Test
  void check_armV7_usesQemuArm() {
    TestEnvironment.requireQemuBinfmt("arm");
    assertThat(Emulation.check(Platform.parse("linux/arm/v7"))).contains("qemu-arm");
  }

  @Test
  void check_unregisteredArchitecture_explainsHowToInstallQemu() {
    // test-env.sh registers aarch64 and arm only
    assertThatThrownBy(() -> Emulation.check(Platform.parse("linux/s390x")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no binfmt_misc handler for s390x is registered")
        .hasMessageContaining("update-binfmts --enable qemu-s390x");
  }
}
