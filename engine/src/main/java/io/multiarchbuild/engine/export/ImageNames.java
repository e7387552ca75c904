package io.multiarchbuild.engine.export;

/** Tag handling of image names as written by users ({@code repo}, {@code host:5000/repo:tag}). */
final class ImageNames {
  private ImageNames() {}

  /** The tag of {@code name}, {@code latest} when it has none. A port's colon is not a tag. */
  static String tagOf(String name) {
    String n = stripDigest(name);
    int slash = n.lastIndexOf('/');
    int colon = n.lastIndexOf(':');
    return colon > slash ? n.substring(colon + 1) : "latest";
  }

  /** {@code name} with {@code :latest} added when it has no tag. */
  static String withDefaultTag(String name) {
    String n = stripDigest(name);
    int slash = n.lastIndexOf('/');
    int colon = n.lastIndexOf(':');
    return colon > slash ? n : n + ":latest";
  }

  private static String stripDigest(String name) {
    int at = name.indexOf('@');
    return at < 0 ? name : name.substring(0, at);
  }
}
