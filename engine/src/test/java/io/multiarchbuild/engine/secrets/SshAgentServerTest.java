package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol over a real Unix-domain socket, spoken by a raw test client. */
class SshAgentServerTest {

  @TempDir static Path dir;
  static SshKey ed25519;
  static SshKey ecdsa;
  static SshKey rsa;
  static SshAgentServer agent;

  @BeforeAll
  static void start() throws Exception {
    Path keys = Files.createDirectory(dir.resolve("keys"));
    ed25519 = load(TestKeys.generate(keys, "ed", "ed25519", TestKeys.PASSPHRASE));
    ecdsa = load(TestKeys.generate(keys, "ec", "ecdsa", "", "-b", "256"));
    rsa = load(TestKeys.generate(keys, "rsa", "rsa", "", "-b", "2048", "-m", "PEM"));
    agent = SshAgentServer.start(Files.createDirectory(dir.resolve("run")), List.of(ed25519, ecdsa, rsa));
  }

  private static SshKey load(TestKeys.Generated g) {
    return SshKey.load(g.privateKey(), g.passphraseChars()).get(0);
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @Test
  void start_socketIsPrivate_andAloneInAPrivateDirectory() throws Exception {
    assertThat(SshForwarder.isSocket(agent.socket())).isTrue();
    assertThat(agent.socket().getParent()).isEqualTo(agent.directory());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.directory()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket()))).isEqualTo("rw-------");
    try (var list = Files.list(agent.directory())) {
      assertThat(list).containsExactly(agent.socket());
    }
  }

  @Test
  void requestIdentities_listsEveryKeyBlobWithItsComment() throws Exception {
    try (AgentClient c = new AgentClient(agent.socket())) {
      Buffer answer = new ByteArrayBuffer(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_REQUEST_IDENTITIES}));

      assertThat(answer.getByte()).isEqualTo(AgentProtocol.SSH2_AGENT_IDENTITIES_ANSWER);
      assertThat(answer.getInt()).isEqualTo(3);
      List<String> listed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        PublicKey key = new ByteArrayBuffer(answer.getBytes()).getRawPublicKey();
        listed.add(KeyUtils.getFingerPrint(key) + " " + answer.getString());
      }
      assertThat(answer.available()).isZero();
      assertThat(listed)
          .containsExactly(
              ed25519.fingerprint() + " " + ed25519.comment(),
              ecdsa.fingerprint() + " " + ecdsa.comment(),
              rsa.fingerprint() + " " + rsa.comment());
    }
  }

  @Test
  void signRequest_ed25519_signatureVerifies() throws Exception {
    assertSignsAndVerifies(ed25519, 0, "ssh-ed25519", BuiltinSignatures.ed25519);
  }

  @Test
  void signRequest_ecdsaP256_signatureVerifies() throws Exception {
    assertSignsAndVerifies(ecdsa, 0, "ecdsa-sha2-nistp256", BuiltinSignatures.nistp256);
  }

  @Test
  void signRequest_rsaWithSha256Flag_signsRsaSha2_256() throws Exception {
    assertSignsAndVerifies(rsa, AgentProtocol.SSH_AGENT_RSA_SHA2_256, "rsa-sha2-256", BuiltinSignatures.rsaSHA256);
  }

  @Test
  void signRequest_rsaWithSha512Flag_signsRsaSha2_512() throws Exception {
    assertSignsAndVerifies(rsa, AgentProtocol.SSH_AGENT_RSA_SHA2_512, "rsa-sha2-512", BuiltinSignatures.rsaSHA512);
  }

  @Test
  void signRequest_rsaWithoutFlags_signsLegacySshRsa() throws Exception {
    assertSignsAndVerifies(rsa, 0, "ssh-rsa", BuiltinSignatures.rsa);
  }

  @Test
  void signRequest_rsaSha256_isVerifiableWithThePlainJdk() throws Exception {
    byte[] data = "jdk check".getBytes(StandardCharsets.UTF_8);
    byte[] sig = signatureBlob(rsa, data, AgentProtocol.SSH_AGENT_RSA_SHA2_256, "rsa-sha2-256");
    java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA");
    jdk.initVerify(rsa.publicKey());
    jdk.update(data);
    assertThat(jdk.verify(sig)).isTrue();
  }

  @Test
  void signRequest_unknownKey_fails() throws Exception {
    SshKey other = SshKey.load(TestKeys.generate(Files.createTempDirectory(dir, "o"), "o", "ed25519", "").privateKey(), null).get(0);
    try (AgentClient c = new AgentClient(agent.socket())) {
      assertThat(c.request(AgentClient.signRequest(other.publicBlob(), new byte[] {1}, 0)))
          .containsExactly(AgentProtocol.SSH_AGENT_FAILURE);
    }
  }

  @Test
  void otherRequests_addRemoveLockExtension_getFailure() throws Exception {
    try (AgentClient c = new AgentClient(agent.socket())) {
      for (byte type : new byte[] {17, 18, 19, 22, 23, 25, 27, 99, 1}) {
        assertThat(c.request(new byte[] {type, 0, 0, 0, 0})).as("type %d", type).containsExactly(AgentProtocol.SSH_AGENT_FAILURE);
      }
      // a truncated sign request is answered, not fatal
      assertThat(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_SIGN_REQUEST, 0, 0}))
          .containsExactly(AgentProtocol.SSH_AGENT_FAILURE);
      // and the connection still works afterwards
      assertThat(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_REQUEST_IDENTITIES})[0])
          .isEqualTo(AgentProtocol.SSH2_AGENT_IDENTITIES_ANSWER);
    }
    try (var list = Files.list(agent.directory())) {
      assertThat(list).containsExactly(agent.socket());
    }
  }

  @Test
  void malformedLength_closesThatConnection_serverKeepsServing() throws Exception {
    for (int bad : new int[] {0, -1, AgentProtocol.MAX_MESSAGE + 1}) {
      try (AgentClient c = new AgentClient(agent.socket())) {
        c.writeRaw(ByteBuffer.allocate(4).putInt(bad).flip());
        assertThat(c.readByteOrEof()).as("length %d", bad).isEqualTo(-1);
      }
    }
    try (AgentClient c = new AgentClient(agent.socket())) {
      assertThat(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_REQUEST_IDENTITIES})[0])
          .isEqualTo(AgentProtocol.SSH2_AGENT_IDENTITIES_ANSWER);
    }
  }

  @Test
  void concurrentClients_areServedIndependently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> jobs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte[] data = ("client " + i).getBytes(StandardCharsets.UTF_8);
        jobs.add(() -> {
          for (int round = 0; round < 5; round++) {
            signatureBlob(ed25519, data, 0, "ssh-ed25519");
          }
          return true;
        });
      }
      for (Future<Boolean> f : pool.invokeAll(jobs)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void close_removesSocketAndDirectory_andRefusesClients() throws Exception {
    SshAgentServer own = SshAgentServer.start(dir, List.of(ed25519));
    try (AgentClient c = new AgentClient(own.socket())) {
      assertThat(c.request(new byte[] {AgentProtocol.SSH2_AGENTC_REQUEST_IDENTITIES})[0])
          .isEqualTo(AgentProtocol.SSH2_AGENT_IDENTITIES_ANSWER);
      own.close();
      assertThat(c.readByteOrEof()).isEqualTo(-1);
    }
    assertThat(own.socket()).doesNotExist();
    assertThat(own.directory()).doesNotExist();
    own.close(); // idempotent
  }

  private static void assertSignsAndVerifies(SshKey key, int flags, String algorithm, BuiltinSignatures verifierType)
      throws Exception {
    byte[] data = ("session data for " + algorithm).getBytes(StandardCharsets.UTF_8);
    byte[] sig = signatureBlob(key, data, flags, algorithm);

    Signature verifier = verifierType.create();
    verifier.initVerifier(null, key.publicKey());
    verifier.update(null, data);
    assertThat(verifier.verify(null, sig)).isTrue();

    Signature tampered = verifierType.create();
    tampered.initVerifier(null, key.publicKey());
    tampered.update(null, "other data".getBytes(StandardCharsets.UTF_8));
    assertThat(tampered.verify(null, sig)).isFalse();
  }

  /** Asks the agent to sign; checks the response frame and algorithm name; returns the raw signature. */
  private static byte[] signatureBlob(SshKey key, byte[] data, int flags, String algorithm) throws Exception {
    try (AgentClient c = new AgentClient(agent.socket())) {
      Buffer resp = new ByteArrayBuffer(c.request(AgentClient.signRequest(key.publicBlob(), data, flags)));
      assertThat(resp.getByte()).isEqualTo(AgentProtocol.SSH2_AGENT_SIGN_RESPONSE);
      Buffer sig = new ByteArrayBuffer(resp.getBytes());
      assertThat(resp.available()).isZero();
      assertThat(sig.getString()).isEqualTo(algorithm);
      byte[] blob = sig.getBytes();
      assertThat(sig.available()).isZero();
      return blob;
    }
  }
}
