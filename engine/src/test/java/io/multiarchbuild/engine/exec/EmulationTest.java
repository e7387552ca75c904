package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Emulation against a fake binfmt_misc directory laid out like the kernel's. */
class EmulationTest {

  private static final String AARCH64_MAGIC = "7f454c460201010000000000000000000200b700";
  private static final String AARCH64_MASK = "ffffffffffffff00fffffffffffffffffeffffff";
  private static final String ARM_MAGIC = "7f454c4601010100000000000000000002002800";
  private static final String ARM_MASK = "ffffffffffffff00fffffffffffffffffeffffff";
  private static final String RISCV64_MAGIC = "7f454c460201010000000000000000000200f300";

  @TempDir
  Path binfmt;

  @BeforeEach
  void status() throws Exception {
    Files.writeString(binfmt.resolve("status"), "enabled\n");
    Files.writeString(binfmt.resolve("register"), "");
  }

  private void entry(String name, String state, String flags, String magic, String mask) throws Exception {
    Files.writeString(binfmt.resolve(name), state + "\ninterpreter /usr/libexec/qemu-binfmt/" + name + "\nflags: "
        + flags + "\noffset 0\nmagic " + magic + "\nmask " + mask + "\n");
  }

  private Emulation onAmd64() {
    return new Emulation(binfmt, Platform.LINUX_AMD64);
  }

  @Test
  void require_hostArchitecture_isNative() {
    assertThat(onAmd64().require(Platform.LINUX_AMD64)).isEmpty();
  }

  @Test
  void require_386OnAmd64_isNative() {
    assertThat(onAmd64().require(Platform.parse("linux/386"))).isEmpty();
  }

  @Test
  void require_arm64WithFixBinaryHandler_returnsTheHandler() throws Exception {
    entry("qemu-aarch64", "enabled", "PF", AARCH64_MAGIC, AARCH64_MASK);
    assertThat(onAmd64().require(Platform.LINUX_ARM64)).contains("qemu-aarch64");
  }

  @Test
  void require_handlerIsFoundByMagicNotByName() throws Exception {
    entry("whatever-name", "enabled", "OCF", AARCH64_MAGIC, AARCH64_MASK);
    assertThat(onAmd64().require(Platform.LINUX_ARM64)).contains("whatever-name");
  }

  @Test
  void require_armVariants_matchTheArmHandler() throws Exception {
    entry("qemu-arm", "enabled", "F", ARM_MAGIC, ARM_MASK);
    entry("qemu-aarch64", "enabled", "F", AARCH64_MAGIC, AARCH64_MASK);
    assertThat(onAmd64().require(Platform.parse("linux/arm/v7"))).contains("qemu-arm");
    assertThat(onAmd64().require(Platform.parse("linux/arm/v6"))).contains("qemu-arm");
  }

  @Test
  void require_noHandler_saysWhatToInstall() throws Exception {
    entry("qemu-arm", "enabled", "F", ARM_MAGIC, ARM_MASK);
    assertThatThrownBy(() -> onAmd64().require(Platform.LINUX_ARM64))
        .isInstanceOf(UserError.class)
        .hasMessage("cannot run linux/arm64 steps on this linux/amd64 machine: no binfmt_misc handler for aarch64 is"
            + " registered; install qemu-user-static (apt-get install qemu-user-static binfmt-support) and run"
            + " `update-binfmts --enable qemu-aarch64`, or build that platform on a native agent");
  }

  @Test
  void require_handlerWithoutFixBinaryFlag_saysBuildKitNeedsF() throws Exception {
    entry("qemu-aarch64", "enabled", "P", AARCH64_MAGIC, AARCH64_MASK);
    assertThatThrownBy(() -> onAmd64().require(Platform.LINUX_ARM64))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("qemu-aarch64 for aarch64 is registered without the F (fix-binary) flag")
        .hasMessageContaining("/usr/libexec/qemu-binfmt/qemu-aarch64");
  }

  @Test
  void require_disabledHandler_saysHowToEnableIt() throws Exception {
    entry("qemu-riscv64", "disabled", "F", RISCV64_MAGIC, AARCH64_MASK);
    assertThatThrownBy(() -> onAmd64().require(Platform.parse("linux/riscv64")))
        .hasMessageContaining("qemu-riscv64 for riscv64 is disabled; run `update-binfmts --enable qemu-riscv64`");
  }

  @Test
  void require_binfmtNotMounted_saysSo() throws Exception {
    Files.delete(binfmt.resolve("status"));
    assertThatThrownBy(() -> onAmd64().require(Platform.LINUX_ARM64))
        .hasMessageContaining("binfmt_misc is not mounted at " + binfmt);
  }

  @Test
  void require_binfmtDisabledGlobally_saysSo() throws Exception {
    Files.writeString(binfmt.resolve("status"), "disabled\n");
    entry("qemu-aarch64", "enabled", "F", AARCH64_MAGIC, AARCH64_MASK);
    assertThatThrownBy(() -> onAmd64().require(Platform.LINUX_ARM64)).hasMessageContaining("binfmt_misc is disabled");
  }

  @Test
  void require_extensionEntriesAndGarbage_areIgnored() throws Exception {
    Files.writeString(binfmt.resolve("jar"), "enabled\ninterpreter /usr/bin/jexec\nflags: \nextension .jar\n");
    Files.writeString(binfmt.resolve("garbage"), "enabled\nmagic zz\n");
    entry("qemu-aarch64", "enabled", "F", AARCH64_MAGIC, AARCH64_MASK);
    assertThat(onAmd64().require(Platform.LINUX_ARM64)).contains("qemu-aarch64");
  }

  @Test
  void require_otherOperatingSystem_fails() {
    assertThatThrownBy(() -> onAmd64().require(Platform.parse("windows/amd64")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("cannot run windows/amd64 steps on this linux/amd64 machine");
  }

  @Test
  void require_unknownArchitecture_fails() {
    assertThatThrownBy(() -> onAmd64().require(Platform.parse("linux/vax")))
        .hasMessageContaining("no emulator is known for architecture vax");
  }

  @Test
  void require_armOnArm64Host_isNative() {
    assertThat(new Emulation(binfmt, Platform.LINUX_ARM64).require(Platform.parse("linux/arm/v7"))).isEmpty();
  }
}
