package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshSourcesTest {

  @TempDir static Path dir;
  static TestKeys.Generated ed;
  static TestKeys.Generated ec;
  static TestKeys.Generated encrypted;

  @BeforeAll
  static void keys() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    ed = TestKeys.generate(keys, "ed", "ed25519", "");
    ec = TestKeys.generate(keys, "ec", "ecdsa", "", "-b", "256");
    encrypted = TestKeys.generate(keys, "enc", "ed25519", TestKeys.PASSPHRASE);
  }

  @Test
  void open_defaultWithoutPath_forwardsSshAuthSock() {
    try (SshAgentServer callers = SshAgentServer.start(dir, List.of());
        SshSources sources =
            SshSources.open(List.of(SshSpec.parse("default")), Map.of(), Map.of("SSH_AUTH_SOCK", callers.socket().toString()), dir)) {
      assertThat(sources.socket("default")).contains(callers.socket());
    }
  }

  @Test
  void open_socketPath_isForwarded_keyFiles_getAnInProcessAgent() throws Exception {
    try (SshAgentServer callers = SshAgentServer.start(dir, List.of());
        SshSources sources =
            SshSources.open(
                List.of(SshSpec.parse("fwd=" + callers.socket()), SshSpec.parse("keys=" + ed.privateKey() + "," + ec.privateKey())),
                Map.of(),
                Map.of(),
                dir)) {
      assertThat(sources.ids()).containsExactlyInAnyOrder("fwd", "keys");
      assertThat(sources.socket("fwd")).contains(callers.socket());
      Path agent = sources.socket("keys").orElseThrow();
      assertThat(agent).isNotEqualTo(callers.socket());
      assertThat(identityCount(agent)).isEqualTo(2);
    }
  }

  @Test
  void open_programmaticKeys_areServedUnderTheirId() throws Exception {
    List<SshKey> keys = SshKey.parse("jenkins-cred", TestKeys.read(encrypted.privateKey()), encrypted.passphraseChars());
    Path socket;
    try (SshSources sources = SshSources.open(List.of(), Map.of("deploy", keys), Map.of(), dir)) {
      socket = sources.socket("deploy").orElseThrow();
      assertThat(identityCount(socket)).isEqualTo(1);
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void open_encryptedKeyFileOnTheCommandLine_failsAskingForThePassphrase() {
    assertThatThrownBy(() -> SshSources.open(List.of(SshSpec.parse("k=" + encrypted.privateKey())), Map.of(), Map.of(), dir))
        .isInstanceOf(SecretsError.class)
        .hasMessageContaining("give its passphrase");
  }

  @Test
  void requireSocket_notProvided_saysHowToProvideIt() {
    try (SshSources sources = SshSources.open(List.of(), Map.of(), Map.of(), dir)) {
      assertThatThrownBy(() -> sources.requireSocket("default", "RUN --mount=type=ssh (Dockerfile:5)"))
          .isInstanceOf(SecretsError.class)
          .hasMessage("ssh agent \"default\" is required by RUN --mount=type=ssh (Dockerfile:5) but was not provided; pass --ssh default");
      assertThat(sources.socket("default")).isEmpty();
    }
  }

  private static int identityCount(Path socket) throws Exception {
    try (AgentClient c = new AgentClient(socket)) {
      Buffer b = new ByteArrayBuffer(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_REQUEST_IDENTITIES}));
      assertThat(b.getByte()).isEqualTo(AgentProtocol.SSH2_AGENT_IDENTITIES_ANSWER);
      return b.getInt();
    }
  }
}
