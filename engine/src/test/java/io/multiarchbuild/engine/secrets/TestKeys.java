package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key pairs made by the real {@code ssh-keygen} for the agent tests. */
final class TestKeys {
  static final String PASSPHRASE = "correct horse";

  /** A generated key: its files, passphrase ("" if none) and what {@code ssh-keygen -lf} prints. */
  record Generated(String name, Path privateKey, Path publicKey, String passphrase, String fingerprint) {
    char[] passphraseChars() {
      return passphrase.isEmpty() ? null : passphrase.toCharArray();
    }
  }

  private TestKeys() {}

  /**
   * Generates a key with {@code ssh-keygen -q -t TYPE [-b BITS] [-m PEM] -N PASSPHRASE}.
   *
   * @param extra additional ssh-keygen arguments (e.g. "-b", "256", "-m", "PEM")
   */
  static Generated generate(Path dir, String name, String type, String passphrase, String... extra) {
    Path priv = dir.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", priv.toString()));
    cmd.addAll(List.of(extra));
    run(cmd);
    Path pub = dir.resolve(name + ".pub");
    // "256 SHA256:abc… comment (ED25519)"
    String fingerprint = run(List.of("ssh-keygen", "-lf", pub.toString())).split(" ")[1];
    return new Generated(name, priv, pub, passphrase, fingerprint);
  }

  static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(cmd + " failed (" + p.exitValue() + "): " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(cmd.get(0) + " is missing (openssh-client); run scripts/test-env.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
