package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshAgentRelayTest {

  @Test
  void relay_requestsReachTheAgent_ownerOfTheAgentSocketUntouched_closeRemovesSocket(@TempDir Path dir) throws Exception {
    TestKeys.Generated g = TestKeys.generate(Files.createDirectory(dir.resolve("keys")), "k", "ed25519", "");
    SshKey key = SshKey.load(g.privateKey(), null).get(0);
    Path run = Files.createDirectory(dir.resolve("run"));
    try (SshAgentServer agent = SshAgentServer.start(run, List.of(key))) {
      String agentMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket()));
      SshAgentRelay relay = SshAgentRelay.start(run, agent.socket());
      Path socket = relay.socket();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
      // the mount gives the relay socket its owner and mode; the agent's own socket keeps its own
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

      for (int i = 0; i < 2; i++) { // two connections, one after the other
        try (AgentClient c = new AgentClient(socket)) {
          Buffer answer = new ByteArrayBuffer(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_REQUEST_IDENTITIES}));
          assertThat(answer.getByte()).isEqualTo(AgentProtocol.SSH2_AGENT_IDENTITIES_ANSWER);
          assertThat(answer.getInt()).isEqualTo(1);
        }
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket()))).isEqualTo(agentMode);

      relay.close();
      assertThat(socket).doesNotExist();
      assertThat(socket.getParent()).doesNotExist();
    }
  }

  @Test
  void relay_agentGone_clientSeesClosedConnection(@TempDir Path dir) throws Exception {
    try (SshAgentRelay relay = SshAgentRelay.start(dir, dir.resolve("no-agent.sock"));
        AgentClient c = new AgentClient(relay.socket())) {
      assertThat(c.readByteOrEof()).isEqualTo(-1);
    }
  }
}
