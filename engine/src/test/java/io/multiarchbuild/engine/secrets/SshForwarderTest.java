package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshForwarderTest {

  @TempDir Path dir;

  @Test
  void fromEnvironment_unset_asksForARunningAgent() {
    assertThatThrownBy(() -> SshForwarder.fromEnvironment(Map.of()))
        .isInstanceOf(SecretsError.class)
        .hasMessage("--ssh default needs SSH_AUTH_SOCK to point at a running ssh-agent (it is not set)");
  }

  @Test
  void fromEnvironment_pathThatIsNoSocket_saysWhat() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "");
    assertThatThrownBy(() -> SshForwarder.fromEnvironment(Map.of("SSH_AUTH_SOCK", file.toString())))
        .isInstanceOf(SecretsError.class)
        .hasMessage("--ssh default needs SSH_AUTH_SOCK to point at a running ssh-agent; " + file + " is not a socket");
    Path none = dir.resolve("none");
    assertThatThrownBy(() -> SshForwarder.fromEnvironment(Map.of("SSH_AUTH_SOCK", none.toString())))
        .hasMessageEndingWith(none + " does not exist");
  }

  @Test
  void fromEnvironment_agentSocket_isForwardedAsIs() {
    try (SshAgentServer agent = SshAgentServer.start(dir, List.of())) {
      SshForwarder fwd = SshForwarder.fromEnvironment(Map.of("SSH_AUTH_SOCK", agent.socket().toString()));
      assertThat(fwd.socket()).isEqualTo(agent.socket());
      assertThat(SshForwarder.of(agent.socket()).socket()).isEqualTo(agent.socket());
    }
  }

  @Test
  void of_notASocket_isRefused() {
    assertThatThrownBy(() -> SshForwarder.of(dir))
        .isInstanceOf(SecretsError.class)
        .hasMessage("--ssh: " + dir + " is not a socket of a running ssh-agent");
  }
}
