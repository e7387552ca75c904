package io.multiarchbuild.engine.secrets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * A private key held in memory for the in-process agent, read by Apache MINA sshd from OpenSSH
 * ({@code BEGIN OPENSSH PRIVATE KEY}) or PEM (PKCS#1/SEC1/PKCS#8) text, encrypted or not. Supported
 * types: RSA, ECDSA (P-256/384/521), Ed25519. {@link #toString()} shows only the public side.
 */
public final class SshKey {

  private final String comment;
  private final KeyPair pair;
  private final byte[] publicBlob;

  private SshKey(String comment, KeyPair pair) {
    this.comment = comment;
    this.pair = pair;
    ByteArrayBuffer buf = new ByteArrayBuffer();
    buf.putRawPublicKey(pair.getPublic());
    this.publicBlob = buf.getCompactData();
  }

  /**
   * Reads the keys in a private key file.
   *
   * @param passphrase for an encrypted key, or null
   */
  public static List<SshKey> load(Path file, char[] passphrase) {
    byte[] text;
    try {
      text = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SecretsError("ssh key " + file + " does not exist");
    } catch (IOException e) {
      throw new SecretsError("cannot read ssh key " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(file.toString(), text, passphrase);
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  /**
   * Reads the keys in private key text handed over in memory (e.g. a Jenkins SSH credential).
   *
   * @param name shown in messages and as the key's comment (e.g. the credential id)
   * @param passphrase for an encrypted key, or null
   */
  public static List<SshKey> parse(String name, String privateKeyText, char[] passphrase) {
    return parse(name, privateKeyText.getBytes(StandardCharsets.UTF_8), passphrase);
  }

  private static List<SshKey> parse(String name, byte[] text, char[] passphrase) {
    // MINA's password provider takes a String; it lives only as long as this call.
    FilePasswordProvider password =
        passphrase == null || passphrase.length == 0
            ? FilePasswordProvider.EMPTY
            : FilePasswordProvider.of(new String(passphrase));
    Collection<KeyPair> pairs = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(text)) {
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(name), in, password);
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new SecretsError(
          "cannot load ssh key "
              + name
              + (passphrase == null || passphrase.length == 0
                  ? " (if it is encrypted, give its passphrase)"
                  : " (wrong passphrase?)")
              + ": "
              + oneLine(e),
          e);
    }
    if (pairs.isEmpty()) {
      throw new SecretsError("cannot load ssh key " + name + ": no private key found in it");
    }
    List<SshKey> keys = new ArrayList<>();
    for (KeyPair pair : pairs) {
      String type = KeyUtils.getKeyType(pair);
      if (AgentProtocol.signatureFor(type, 0) == null) {
        throw new SecretsError("ssh key " + name + ": unsupported key type " + type + " (use RSA, ECDSA or Ed25519)");
      }
      keys.add(new SshKey(name, pair));
    }
    return List.copyOf(keys);
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }

  /** The OpenSSH key type, e.g. {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}. */
  public String type() {
    return KeyUtils.getKeyType(pair);
  }

  /** {@code SHA256:…}, as {@code ssh-keygen -l} and {@code ssh-add -l} print it. */
  public String fingerprint() {
    return KeyUtils.getFingerPrint(pair.getPublic());
  }

  /** Where the key came from (file path or the programmatic source's name). */
  public String comment() {
    return comment;
  }

  public PublicKey publicKey() {
    return pair.getPublic();
  }

  /** The SSH wire encoding of the public key (RFC 4253 §6.6), as the agent lists it. */
  byte[] publicBlob() {
    return publicBlob.clone();
  }

  KeyPair keyPair() {
    return pair;
  }

  @Override
  public String toString() {
    return type() + " " + fingerprint() + " " + comment;
  }
}
