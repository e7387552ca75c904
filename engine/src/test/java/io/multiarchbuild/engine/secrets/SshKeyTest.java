package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Loading private keys the way {@code ssh-keygen} writes them, through MINA sshd. */
class SshKeyTest {

  @TempDir static Path dir;
  static List<TestKeys.Generated> keys;

  @BeforeAll
  static void generate() {
    keys =
        List.of(
            TestKeys.generate(dir, "ed25519", "ed25519", ""),
            TestKeys.generate(dir, "ed25519-enc", "ed25519", TestKeys.PASSPHRASE),
            TestKeys.generate(dir, "ecdsa256", "ecdsa", "", "-b", "256"),
            TestKeys.generate(dir, "ecdsa384-enc", "ecdsa", TestKeys.PASSPHRASE, "-b", "384"),
            TestKeys.generate(dir, "rsa", "rsa", "", "-b", "2048"),
            TestKeys.generate(dir, "rsa-pem", "rsa", "", "-b", "2048", "-m", "PEM"),
            TestKeys.generate(dir, "rsa-pem-enc", "rsa", TestKeys.PASSPHRASE, "-b", "2048", "-m", "PEM"),
            TestKeys.generate(dir, "ecdsa-pem-enc", "ecdsa", TestKeys.PASSPHRASE, "-b", "256", "-m", "PEM"),
            TestKeys.generate(dir, "rsa-pkcs8", "rsa", "", "-b", "2048", "-m", "PKCS8"));
  }

  static Stream<TestKeys.Generated> keys() {
    return keys.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void load_keyWrittenBySshKeygen_hasTheSameFingerprint(TestKeys.Generated g) {
    List<SshKey> loaded = SshKey.load(g.privateKey(), g.passphraseChars());

    assertThat(loaded).singleElement().satisfies(k -> {
      assertThat(k.fingerprint()).isEqualTo(g.fingerprint());
      assertThat(k.comment()).isEqualTo(g.privateKey().toString());
      assertThat(k.toString()).contains(g.fingerprint()).doesNotContain("PRIVATE");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keys")
  void parse_keyTextInMemory_isTheSameKey(TestKeys.Generated g) {
    List<SshKey> loaded = SshKey.parse("credential-" + g.name(), TestKeys.read(g.privateKey()), g.passphraseChars());

    assertThat(loaded).singleElement().satisfies(k -> {
      assertThat(k.fingerprint()).isEqualTo(g.fingerprint());
      assertThat(k.comment()).isEqualTo("credential-" + g.name());
    });
  }

  @Test
  void load_types_areTheOpenSshNames() {
    assertThat(keys.stream().map(g -> SshKey.load(g.privateKey(), g.passphraseChars()).get(0).type()))
        .containsExactly(
            "ssh-ed25519", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ssh-rsa", "ssh-rsa", "ssh-rsa", "ecdsa-sha2-nistp256", "ssh-rsa");
  }

  @Test
  void load_encryptedKeyWithoutPassphrase_failsAskingForIt() {
    Path enc = dir.resolve("ed25519-enc");
    assertThatThrownBy(() -> SshKey.load(enc, null))
        .isInstanceOf(SecretsError.class)
        .hasMessageStartingWith("cannot load ssh key " + enc + " (if it is encrypted, give its passphrase)")
        .message().doesNotContain("\n");
  }

  @Test
  void load_encryptedKeyWithWrongPassphrase_failsSayingSo() {
    for (String name : List.of("ed25519-enc", "rsa-pem-enc")) {
      Path enc = dir.resolve(name);
      assertThatThrownBy(() -> SshKey.load(enc, "wrong one".toCharArray()))
          .isInstanceOf(SecretsError.class)
          .hasMessageStartingWith("cannot load ssh key " + enc + " (wrong passphrase?)");
    }
  }

  @Test
  void load_missingFile_failsNamingIt() {
    assertThatThrownBy(() -> SshKey.load(dir.resolve("none"), null))
        .isInstanceOf(SecretsError.class)
        .hasMessage("ssh key " + dir.resolve("none") + " does not exist");
  }

  @Test
  void load_publicKeyOrGarbage_failsWithoutAKey() throws Exception {
    Path pub = dir.resolve("ed25519.pub");
    Path junk = Files.writeString(dir.resolve("junk"), "not a key\n");
    assertThatThrownBy(() -> SshKey.load(pub, null)).isInstanceOf(SecretsError.class).hasMessageContaining(pub.toString());
    assertThatThrownBy(() -> SshKey.load(junk, null)).isInstanceOf(SecretsError.class).hasMessageContaining(junk.toString());
  }
}
