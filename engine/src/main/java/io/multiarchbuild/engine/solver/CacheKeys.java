package io.multiarchbuild.engine.solver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The cache-key formula of the package documentation, in one place. */
final class CacheKeys {
  // Bump when the formula changes, so old cache entries are not mistaken for new ones.
  private static final String VERSION = "multiarch-build/solver/cache-key/v1";

  private CacheKeys() {}

  /**
   * @param definitionKey the vertex's definition key
   * @param inputCacheKeys the inputs' cache keys, in input order
   * @param contentKey the op's content key, or {@code null} when it declares no content inputs
   */
  static String of(String definitionKey, List<String> inputCacheKeys, String contentKey) {
    MessageDigest sha = sha256();
    // Every field is length-prefixed and tagged, so no two different inputs encode alike.
    field(sha, "version", VERSION);
    field(sha, "definition", definitionKey);
    for (String input : inputCacheKeys) {
      field(sha, "input", input);
    }
    if (contentKey != null) {
      field(sha, "content", contentKey);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static void field(MessageDigest sha, String tag, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    sha.update((tag + " " + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    sha.update(bytes);
    sha.update((byte) '\n');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
