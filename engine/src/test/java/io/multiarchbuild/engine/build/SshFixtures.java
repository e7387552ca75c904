package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the SSH mount tests need from the host: keys from the real {@code ssh-keygen}, a Debian
 * {@code sshd} on loopback, and the host's OpenSSH client ({@code ssh}, {@code ssh-add}) with its
 * shared libraries copied into a build context, so a RUN in the busybox image (which has no SSH
 * client and whose {@code nc} cannot open Unix sockets) can run them through the copied dynamic
 * loader.
 */
final class SshFixtures {

  static final String SSHD = "/usr/sbin/sshd";
  static final String LOADER = "ld-linux-x86-64.so.2";

  private SshFixtures() {}

  /** Generates a key; returns the private key file (the public one is next to it with {@code .pub}). */
  static Path key(Path dir, String name, String passphrase) {
    Path priv = dir.resolve(name);
    Cmd.runChecked("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", priv.toString());
    return priv;
  }

  static String fingerprint(Path privateKey) {
    return Cmd.runChecked("ssh-keygen", "-lf", privateKey + ".pub").stdout().split(" ")[1];
  }

  /**
   * Copies {@code ssh} and {@code ssh-add} and every library they load (as {@code ldd} lists them)
   * into {@code dir}: run them in a container as {@code dir/ld-linux-x86-64.so.2 --library-path dir dir/ssh}.
   */
  static void copyClient(Path dir) throws IOException {
    Files.createDirectories(dir);
    Pattern lib = Pattern.compile("(/\\S+\\.so[^\\s]*)");
    for (String tool : List.of("/usr/bin/ssh", "/usr/bin/ssh-add")) {
      assertThat(Path.of(tool)).as(tool + " is missing (openssh-client); run scripts/test-env.sh").isExecutable();
      Files.copy(Path.of(tool), dir.resolve(Path.of(tool).getFileName()), StandardCopyOption.REPLACE_EXISTING);
      Matcher m = lib.matcher(Cmd.runChecked("ldd", tool).stdout());
      while (m.find()) {
        Path so = Path.of(m.group(1));
        Path real = so.toRealPath();
        String name = so.getFileName().toString();
        Files.copy(real, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    assertThat(dir.resolve(LOADER)).exists();
  }

  /** A Debian sshd on 127.0.0.1 that lets root in with the given public keys. */
  static final class Sshd implements AutoCloseable {
    final int port;
    final StringBuffer log = new StringBuffer();
    private final Process process;

    Sshd(Path dir, List<Path> authorizedPublicKeys) throws Exception {
      TestEnvironment.requireExecutable("sshd (openssh-server)", SSHD);
      StringBuilder authorized = new StringBuilder();
      for (Path pub : authorizedPublicKeys) {
        authorized.append(Files.readString(pub));
      }
      Files.createDirectories(dir);
      Path keys = Files.writeString(dir.resolve("authorized_keys"), authorized);
      Path hostKey = key(dir, "host_key", "");
      Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
          "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "PidFile " + dir.resolve("sshd.pid"),
          "AuthorizedKeysFile " + keys, "StrictModes no", "UsePAM no", "PermitRootLogin prohibit-password",
          "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PubkeyAuthentication yes", ""));
      process = new ProcessBuilder(SSHD, "-D", "-e", "-f", config.toString()).redirectErrorStream(true).start();
      CountDownLatch listening = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            log.append(line).append('\n');
            if (line.contains("Server listening on 127.0.0.1 port " + port)) {
              listening.countDown();
            }
          }
        } catch (IOException e) {
          // sshd stopped
        }
        listening.countDown();
      }, "sshd-log");
      reader.setDaemon(true);
      reader.start();
      listening.await(60, TimeUnit.SECONDS);
      assertThat(process.isAlive()).as("sshd did not start:\n" + log).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A real {@code ssh-agent} on {@code socket} holding {@code key}; close kills it. */
  static final class HostAgent implements AutoCloseable {
    final Path socket;
    private final String pid;

    HostAgent(Path socket, Path key) {
      this.socket = socket;
      String out = Cmd.runChecked("ssh-agent", "-a", socket.toString(), "-s").stdout();
      Matcher m = Pattern.compile("SSH_AGENT_PID=(\\d+)").matcher(out);
      assertThat(m.find()).as("ssh-agent printed no pid: " + out).isTrue();
      pid = m.group(1);
      List<String> add = new ArrayList<>(List.of("ssh-add", key.toString()));
      Cmd.run(add, Duration.ofMinutes(1), null, Map.of("SSH_AUTH_SOCK", socket.toString()), null).assertSuccess();
    }

    @Override
    public void close() {
      Cmd.run("kill", pid);
    }
  }
}
