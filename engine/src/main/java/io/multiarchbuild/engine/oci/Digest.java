package io.multiarchbuild.engine.oci;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest such as {@code sha256:9f86d0…}. Only sha256 and sha512 are accepted, as the OCI
 * image spec registers; the hex part is validated for length and lower case so two digests of the
 * same content are always equal as strings.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

  public Digest {
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha512" -> 128;
          default -> throw new InvalidDigestException(algorithm + ":" + hex, "unsupported algorithm " + algorithm);
        };
    if (hex.length() != expected || !isLowerHex(hex)) {
      throw new InvalidDigestException(algorithm + ":" + hex, "expected " + expected + " lower-case hex digits");
    }
  }

  // A loop, not a regex: digests are made per context file (20,000 in a COPY), where a regex match
  // was a visible share of the cache-key phase.
  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code algorithm:hex}. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidDigestException(text, "expected <algorithm>:<hex>");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  /** The sha256 digest of a string's UTF-8 bytes. */
  public static Digest sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Wraps a finished sha256 {@link MessageDigest} result. */
  public static Digest ofSha256(byte[] rawDigest) {
    return new Digest("sha256", HexFormat.of().formatHex(rawDigest));
  }

  /** A fresh SHA-256 hasher; every JVM has one, so its absence is a broken runtime, not a user error. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no SHA-256", e);
    }
  }

  /** The first 12 hex digits, as tools show short ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }
}
