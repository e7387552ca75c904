package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RuncExecutor does before it ever starts runc. */
class RuncExecutorTest {

  @TempDir
  Path tmp;

  @Test
  void findRuntime_missing_saysHowToInstallIt() {
    assertThatThrownBy(() -> RuncExecutor.findRuntime("runc-that-does-not-exist", System.getenv("PATH")))
        .isInstanceOf(UserError.class)
        .hasMessage("runc-that-does-not-exist not found: install it (apt-get install runc) or run scripts/test-env.sh");
  }

  @Test
  void findRuntime_looksOnTheGivenPath_notTheJvms() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path fake = Files.writeString(bin.resolve("my-runtime"), "#!/bin/sh\n");
    fake.toFile().setExecutable(true);
    assertThat(RuncExecutor.findRuntime("my-runtime", "/nonexistent:" + bin)).isEqualTo(fake);
  }

  @Test
  void run_runtimeBinaryMissing_failsClearlyAndLeavesNothing() throws Exception {
    Path state = tmp.resolve("state");
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    RuncExecutor executor = new RuncExecutor(Path.of("/nonexistent/runc"), state);
    assertThatThrownBy(() -> executor.run(ExecRequest.of(rootfs, ProcessSpec.of("true"), Platform.host()),
        OutputSink.discard(), null))
        .isInstanceOf(UserError.class)
        .hasMessage("/nonexistent/runc not found: install it (apt-get install runc) or run scripts/test-env.sh");
    assertThat(state).doesNotExist();
  }

  @Test
  void run_alreadyCancelled_startsNothing() throws Exception {
    Path state = tmp.resolve("state");
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    CancellationToken cancel = new CancellationToken();
    cancel.cancel();
    assertThatThrownBy(() -> new RuncExecutor(Path.of("/nonexistent/runc"), state)
        .run(ExecRequest.of(rootfs, ProcessSpec.of("true"), Platform.host()), OutputSink.discard(), cancel))
        .isInstanceOf(CancellationException.class);
    assertThat(state).doesNotExist();
  }

  @Test
  void hostsFile_mapsLocalhostAndTheHostname() {
    assertThat(RuncExecutor.hostsFile("buildkitsandbox", List.of()))
        .isEqualTo("127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n");
  }

  @Test
  void hostsFile_extraHosts_followTheLocalhostLines() {
    assertThat(RuncExecutor.hostsFile("box", List.of(new ExtraHost("registry.local", "10.0.0.5"),
        new ExtraHost("v6.local", "fd00::1"))))
        .isEqualTo("127.0.0.1\tlocalhost box\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "10.0.0.5\tregistry.local\nfd00::1\tv6.local\n");
  }

  @Test
  void extraHost_withBlanksOrNoAddress_isRejected() {
    assertThatThrownBy(() -> new ExtraHost("a b", "10.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtraHost("a", "example.com")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExtraHost("a", "10.0.0.1\n1.2.3.4 evil")).isInstanceOf(IllegalArgumentException.class);
  }
}
