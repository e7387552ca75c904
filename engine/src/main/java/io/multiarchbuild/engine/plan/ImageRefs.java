package io.multiarchbuild.engine.plan;

import java.util.regex.Pattern;

/**
 * Normalises image references (the same rules as {@code registry.ImageReference}, which this
 * package may not import: the planner must not depend on the network client) the way Docker does ({@code golang:1.22} →
 * {@code docker.io/library/golang:1.22}, no tag → {@code :latest}), so equal images get equal ops.
 */
final class ImageRefs {
  private ImageRefs() {}

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

  /** The normalised reference, or null when {@code ref} is not a valid image reference. */
  static String normalize(String ref) {
    String rest = ref;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return null;
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return null;
      }
    }
    String domain = "docker.io";
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase())) {
        domain = first;
        path = rest.substring(slash + 1);
      }
    }
    if (domain.equals("index.docker.io")) {
      domain = "docker.io";
    }
    if (domain.equals("docker.io") && !path.contains("/")) {
      path = "library/" + path;
    }
    if (path.isEmpty()) {
      return null;
    }
    for (String c : path.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        return null;
      }
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return domain + "/" + path + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  /** True when {@code ref} looks like a bare name (no registry, tag or digest), which a typo of a stage name would. */
  static boolean isBareName(String ref) {
    return !ref.contains(":") && !ref.contains("/") && !ref.contains("@");
  }
}
