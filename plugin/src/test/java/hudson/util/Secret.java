package hudson.util;

import java.io.Serializable;

/**
 * TEST DOUBLE of Jenkins' {@code hudson.util.Secret} (the compile-only declaration throws). It shadows
 * the declaration on the test class path only, with the same public members the plugin calls; the
 * real class encrypts at rest, which plugin code never relies on.
 */
public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public String getPlainText() {
    return value;
  }

  public String getEncryptedValue() {
    return "{" + java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "}";
  }

  public static Secret fromString(String data) {
    return new Secret(data == null ? "" : data);
  }

  public static Secret decrypt(String data) {
    return null;
  }

  public static String toString(Secret s) {
    return s == null ? "" : s.getPlainText();
  }

  @Deprecated
  @Override
  public String toString() {
    return value;
  }
}
