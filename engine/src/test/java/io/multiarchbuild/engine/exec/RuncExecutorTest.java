package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RuncExecutor does before it ever starts runc. */
class RuncExecutorTest {

  @TempDir
  Path tmp;

  @Test
  void findRuntime_missing_saysHowToInstallIt() {
    assertThatThrownBy(() -> RuncExecutor.findRuntime("runc-that-does-not-exist"))
        .isInstanceOf(UserError.class)
        .hasMessage("runc-that-does-not-exist not found: install it (apt-get install runc) or run scripts/test-env.sh");
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
    assertThat(RuncExecutor.hostsFile("buildkitsandbox"))
        .isEqualTo("127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n");
  }
}
