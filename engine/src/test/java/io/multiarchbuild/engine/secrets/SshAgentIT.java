package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process agent against the real OpenSSH: a Debian {@code sshd} on loopback (started here,
 * as root, with its own host key and an authorized_keys of test keys) and {@code ssh}/{@code
 * ssh-add} that reach the keys only through our agent socket.
 */
class SshAgentIT {

  private static final String SSHD = "/usr/sbin/sshd";
  private static final String SSH = "/usr/bin/ssh";
  private static final String SSH_ADD = "/usr/bin/ssh-add";

  @TempDir static Path dir;
  static TestKeys.Generated ed25519;
  static TestKeys.Generated ecdsa;
  static TestKeys.Generated rsa;
  static TestKeys.Generated encrypted;
  static TestKeys.Generated encryptedPem;
  static Process sshd;
  static int port;
  static final StringBuffer sshdLog = new StringBuffer();

  @BeforeAll
  static void startSshd() throws Exception {
    for (String tool : List.of(SSHD, SSH, SSH_ADD)) {
      assertThat(Path.of(tool)).as(tool + " is missing (openssh-server/-client); run scripts/test-env.sh").isExecutable();
    }
    Path keys = Files.createDirectory(dir.resolve("keys"));
    ed25519 = TestKeys.generate(keys, "ed25519", "ed25519", "");
    ecdsa = TestKeys.generate(keys, "ecdsa", "ecdsa", "", "-b", "256");
    rsa = TestKeys.generate(keys, "rsa", "rsa", "", "-b", "3072");
    encrypted = TestKeys.generate(keys, "ed25519-enc", "ed25519", TestKeys.PASSPHRASE);
    encryptedPem = TestKeys.generate(keys, "rsa-pem-enc", "rsa", TestKeys.PASSPHRASE, "-b", "2048", "-m", "PEM");
    StringBuilder authorized = new StringBuilder();
    for (TestKeys.Generated g : List.of(ed25519, ecdsa, rsa, encrypted, encryptedPem)) {
      authorized.append(TestKeys.read(g.publicKey()));
    }
    Path sshdDir = Files.createDirectory(dir.resolve("sshd"));
    Path authorizedKeys = Files.writeString(sshdDir.resolve("authorized_keys"), authorized);
    TestKeys.Generated host = TestKeys.generate(sshdDir, "host_ed25519", "ed25519", "");
    // sshd refuses to start without its privilege-separation directory
    Files.createDirectories(Path.of("/run/sshd"));
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path config =
        Files.writeString(
            sshdDir.resolve("sshd_config"),
            String.join(
                "\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + host.privateKey(),
                "PidFile " + sshdDir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                // DEBUG1 makes sshd log the algorithm of each publickey request ("pkalg rsa-sha2-512"); the
                // signature that follows must be of that algorithm or sshd rejects it
                "LogLevel DEBUG1",
                ""));
    sshd = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString()).redirectErrorStream(true).start();
    CountDownLatch listening = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  sshdLog.append(line).append('\n');
                  if (line.contains("Server listening on 127.0.0.1 port " + port)) {
                    listening.countDown();
                  }
                }
              } catch (IOException e) {
                // sshd stopped
              }
              listening.countDown();
            },
            "sshd-log");
    reader.setDaemon(true);
    reader.start();
    listening.await(60, TimeUnit.SECONDS);
    assertThat(sshd.isAlive()).as("sshd did not start:\n" + sshdLog).isTrue();
    assertThat(sshdLog.toString()).as("sshd is not listening").contains("Server listening on 127.0.0.1 port " + port);
  }

  @AfterAll
  static void stopSshd() throws Exception {
    if (sshd != null) {
      sshd.destroy();
      if (!sshd.waitFor(20, TimeUnit.SECONDS)) {
        sshd.destroyForcibly();
      }
    }
  }

  @Test
  void ssh_loginWithEd25519KeyFromOurAgent_runsTheCommand() throws Exception {
    assertLogsInWith(SshKey.load(ed25519.privateKey(), null), "ssh-ed25519", List.of());
  }

  @Test
  void ssh_loginWithEcdsaKeyFromOurAgent_runsTheCommand() throws Exception {
    assertLogsInWith(SshKey.load(ecdsa.privateKey(), null), "ecdsa-sha2-nistp256", List.of());
  }

  @Test
  void ssh_loginWithRsaKey_usesRsaSha2_512() throws Exception {
    assertLogsInWith(
        SshKey.load(rsa.privateKey(), null), "rsa-sha2-512", List.of("-o", "PubkeyAcceptedAlgorithms=rsa-sha2-512"));
  }

  @Test
  void ssh_loginWithRsaKey_usesRsaSha2_256() throws Exception {
    assertLogsInWith(
        SshKey.load(rsa.privateKey(), null), "rsa-sha2-256", List.of("-o", "PubkeyAcceptedAlgorithms=rsa-sha2-256"));
  }

  @Test
  void ssh_loginWithEncryptedKeyLoadedWithItsPassphrase_runsTheCommand() throws Exception {
    assertLogsInWith(SshKey.load(encrypted.privateKey(), encrypted.passphraseChars()), "ssh-ed25519", List.of());
  }

  @Test
  void ssh_loginWithEncryptedPemKeyHandedOverInMemory_runsTheCommand() throws Exception {
    List<SshKey> keys =
        SshKey.parse("jenkins-credential", TestKeys.read(encryptedPem.privateKey()), encryptedPem.passphraseChars());
    assertLogsInWith(keys, "rsa-sha2-512", List.of());
  }

  @Test
  void sshAddList_printsTheFingerprintsSshKeygenPrints() throws Exception {
    List<SshKey> keys = new ArrayList<>();
    for (TestKeys.Generated g : List.of(ed25519, ecdsa, rsa, encrypted)) {
      keys.addAll(SshKey.load(g.privateKey(), g.passphraseChars()));
    }
    try (SshAgentServer agent = SshAgentServer.start(dir, keys)) {
      String listed = run(agent, List.of(SSH_ADD, "-l")).output();
      List<String> fingerprints = listed.lines().map(l -> l.split(" ")[1]).collect(Collectors.toList());
      assertThat(fingerprints)
          .containsExactly(ed25519.fingerprint(), ecdsa.fingerprint(), rsa.fingerprint(), encrypted.fingerprint());

      String publicKeys = run(agent, List.of(SSH_ADD, "-L")).output();
      for (TestKeys.Generated g : List.of(ed25519, ecdsa, rsa, encrypted)) {
        String[] pub = TestKeys.read(g.publicKey()).split(" ");
        assertThat(publicKeys).contains(pub[0] + " " + pub[1]);
      }
    }
  }

  @Test
  void sshAdd_addingOrDeletingKeys_isRefusedByTheReadOnlyAgent() throws Exception {
    try (SshAgentServer agent = SshAgentServer.start(dir, SshKey.load(ed25519.privateKey(), null))) {
      Result add = run(agent, List.of(SSH_ADD, ecdsa.privateKey().toString()));
      Result deleteAll = run(agent, List.of(SSH_ADD, "-D"));

      assertThat(add.exitCode()).as(add.errors()).isNotZero();
      assertThat(add.errors()).contains("Could not add identity");
      assertThat(deleteAll.exitCode()).as(deleteAll.errors()).isNotZero();
      assertThat(run(agent, List.of(SSH_ADD, "-l")).output()).contains(ed25519.fingerprint()).doesNotContain(ecdsa.fingerprint());
    }
  }

  private static void assertLogsInWith(List<SshKey> keys, String algorithm, List<String> extraOptions) throws Exception {
    try (SshAgentServer agent = SshAgentServer.start(dir, keys)) {
      List<String> cmd = new ArrayList<>(List.of(
          SSH, "-F", "/dev/null",
          "-o", "IdentitiesOnly=no",
          // no key file at all: an IdentityFile that holds none also stops ssh from trying ~/.ssh/id_*
          "-o", "IdentityFile=/dev/null",
          "-o", "IdentityAgent=" + agent.socket(),
          "-o", "StrictHostKeyChecking=no",
          "-o", "UserKnownHostsFile=/dev/null",
          "-o", "BatchMode=yes",
          "-o", "LogLevel=ERROR",
          "-p", String.valueOf(port)));
      cmd.addAll(extraOptions);
      cmd.addAll(List.of("root@127.0.0.1", "echo ok"));
      int logStart = sshdLog.length();

      Result r = run(agent, cmd);

      assertThat(r.exitCode()).as("ssh failed: " + r.output() + r.errors() + "\nsshd:\n" + sshdLog.substring(logStart)).isZero();
      assertThat(r.output().strip()).isEqualTo("ok");
      assertThat(sshdLog.substring(logStart))
          .contains("pkalg " + algorithm + " pkblob")
          .contains("Accepted publickey for root from 127.0.0.1")
          .contains(keys.get(0).fingerprint());
      try (var files = Files.list(agent.directory())) {
        assertThat(files).as("nothing but the socket in the agent's directory").containsExactly(agent.socket());
      }
    }
  }

  /** stdout, and stderr apart (with sshd at DEBUG1 the session's stderr carries sshd's debug lines). */
  record Result(int exitCode, String output, String errors) {}

  private static Result run(SshAgentServer agent, List<String> cmd) throws Exception {
    Path stderr = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    pb.environment().put("SSH_AUTH_SOCK", agent.socket().toString());
    pb.environment().remove("SSH_AGENT_PID");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish: " + out);
    }
    return new Result(p.exitValue(), out, Files.readString(stderr));
  }
}
