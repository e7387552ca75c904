package io.multiarchbuild.engine.oci;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed, normalised image reference {@code registry/repository[:tag][@digest]}: the one parser of
 * the distribution reference grammar, shared by the planner (which normalises {@code FROM} names and
 * may not depend on the registry client) and {@code registry.ImageReference}. Normalisation is
 * Docker's: a first path component that looks like no host (no '.', no ':', not {@code localhost},
 * all lower case) means Docker Hub, whose one-component names live under {@code library/}; {@code
 * index.docker.io} is spelled {@code docker.io}; no tag and no digest means {@code :latest}.
 *
 * @param registry the registry host with optional port, e.g. {@code docker.io}, {@code 127.0.0.1:5000}
 * @param repository the repository path, e.g. {@code library/busybox}
 * @param tag the tag, or null when the reference names only a digest
 * @param digest the digest, or null
 */
public record ImageName(String registry, String repository, String tag, Digest digest) {

  public static final String DOCKER_HUB = "docker.io";

  private static final int MAX_NAME_LENGTH = 255;
  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+]");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST_ALGORITHM =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*");

  public ImageName {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /** Parses and normalises {@code text}; throws {@link InvalidReferenceException}. */
  public static ImageName parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidReferenceException(String.valueOf(text), "empty reference");
    }
    String rest = text;
    Digest digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = parseDigest(text, rest.substring(at + 1));
      rest = rest.substring(0, at);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new InvalidReferenceException(text, "invalid tag \"" + tag
            + "\" (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')");
      }
    }
    if (rest.isEmpty()) {
      throw new InvalidReferenceException(text, "missing repository name");
    }
    String registry;
    String path;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    boolean firstIsHost = slash >= 0
        && (first.contains(".") || first.contains(":") || first.equals("localhost")
            || !first.equals(first.toLowerCase(Locale.ROOT)));
    if (firstIsHost) {
      registry = first;
      path = rest.substring(slash + 1);
      validateHost(text, registry);
    } else {
      registry = DOCKER_HUB;
      path = rest;
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    validatePath(text, path);
    if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException(text, "repository name longer than " + MAX_NAME_LENGTH + " characters");
    }
    return new ImageName(registry, path, tag, digest);
  }

  private static Digest parseDigest(String text, String d) {
    int colon = d.indexOf(':');
    if (colon <= 0 || !DIGEST_ALGORITHM.matcher(d.substring(0, colon)).matches()
        || !d.substring(colon + 1).matches("[0-9a-fA-F]{32,}")) {
      throw new InvalidReferenceException(text, "invalid digest \"" + d + "\" (expected <algorithm>:<hex>)");
    }
    try {
      return Digest.parse(d);
    } catch (InvalidDigestException e) {
      throw new InvalidReferenceException(text, "unsupported digest \"" + d + "\" (sha256 or sha512, lower-case hex)");
    }
  }

  private static void validateHost(String text, String host) {
    String name = host;
    String port = null;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0 || !IPV6.matcher(host.substring(0, close + 1)).matches()) {
        throw new InvalidReferenceException(text, "invalid registry host \"" + host + "\"");
      }
      name = null;
      if (close + 1 < host.length()) {
        if (host.charAt(close + 1) != ':') {
          throw new InvalidReferenceException(text, "invalid registry host \"" + host + "\"");
        }
        port = host.substring(close + 2);
      }
    } else {
      int c = host.indexOf(':');
      if (c >= 0) {
        name = host.substring(0, c);
        port = host.substring(c + 1);
      }
    }
    if (name != null) {
      for (String component : name.split("\\.", -1)) {
        if (!DOMAIN_COMPONENT.matcher(component).matches()) {
          throw new InvalidReferenceException(text, "invalid registry host \"" + host + "\"");
        }
      }
    }
    if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535)) {
      throw new InvalidReferenceException(text, "invalid port in registry host \"" + host + "\"");
    }
  }

  private static void validatePath(String text, String path) {
    if (!path.equals(path.toLowerCase(Locale.ROOT))) {
      throw new InvalidReferenceException(text, "repository name must be lowercase");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new InvalidReferenceException(text, "invalid repository path component \"" + component
            + "\" (lower-case letters and digits, separated by '.', '_', '__' or '-')");
      }
    }
  }

  /** {@code registry/repository[:tag][@digest]}, the normalised spelling. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      b.append(':').append(tag);
    }
    if (digest != null) {
      b.append('@').append(digest);
    }
    return b.toString();
  }
}
