package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.plan.NamedContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code --build-context name=value} values (buildx syntax) turned into the plan's named contexts. */
final class BuildContexts {

  private BuildContexts() {}

  /**
   * The values with their relative directories ({@code DIR}, {@code oci-layout://DIR}) resolved against
   * {@code base}, the caller's working directory; unchanged when {@code base} is null.
   */
  static Map<String, String> anchored(Map<String, String> raw, Path base) {
    if (base == null) {
      return raw;
    }
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((name, value) -> out.put(name, anchored(value, base)));
    return out;
  }

  private static String anchored(String value, Path base) {
    String layout = "oci-layout://";
    if (value.isEmpty() || value.startsWith("docker-image://") || value.matches("(?i)(https?|git|ssh)://.*")
        || value.startsWith("git@")) {
      return value;
    }
    if (value.startsWith(layout)) {
      String dir = value.substring(layout.length());
      return dir.isEmpty() ? value : layout + base.resolve(dir).normalize();
    }
    return base.resolve(value).normalize().toString();
  }

  static Map<String, NamedContext> parse(Map<String, String> raw) {
    Map<String, NamedContext> out = new LinkedHashMap<>();
    for (var e : raw.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String value = e.getValue();
      String what = "--build-context " + e.getKey() + "=" + value;
      if (name.isEmpty() || !name.matches("[a-z0-9][a-z0-9._/:-]*")) {
        throw new BuildError(what + ": invalid name; use lower-case letters, digits, '.', '_', '-', '/' or ':'");
      }
      if (value.isEmpty()) {
        throw new BuildError(what + ": empty value; use a directory, docker-image://REF or oci-layout://DIR");
      }
      NamedContext ctx;
      if (value.startsWith("docker-image://")) {
        String ref = value.substring("docker-image://".length());
        if (ref.isEmpty()) {
          throw new BuildError(what + ": no image reference after docker-image://");
        }
        ctx = new NamedContext(name, NamedContext.Kind.IMAGE, ref);
      } else if (value.startsWith("oci-layout://")) {
        ctx = new NamedContext(name, NamedContext.Kind.OCI_LAYOUT, pinLayout(value.substring("oci-layout://".length()), what));
      } else if (value.matches("(?i)(https?|git|ssh)://.*") || value.startsWith("git@")) {
        throw new BuildError(what + ": Git and URL build contexts are not supported yet; use a directory or docker-image://");
      } else {
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
          throw new BuildError(what + ": " + dir + " is not a directory");
        }
        ctx = new NamedContext(name, NamedContext.Kind.LOCAL, dir.toString());
      }
      out.put(name, ctx);
    }
    return out;
  }

  /**
   * {@code DIR[:TAG|@DIGEST]} as {@code /abs/DIR@DIGEST}: the tag is resolved once, before the build,
   * so the image's cache key is its content and a retagged layout is noticed.
   */
  static String pinLayout(String ref, String what) {
    String dir = ref;
    String tag = null;
    io.multiarchbuild.engine.oci.Digest digest = null;
    int at = ref.lastIndexOf('@');
    if (at > 0) {
      dir = ref.substring(0, at);
      try {
        digest = io.multiarchbuild.engine.oci.Digest.parse(ref.substring(at + 1));
      } catch (RuntimeException e) {
        throw new BuildError(what + ": \"" + ref.substring(at + 1) + "\" is not a digest (sha256:<64 hex>)");
      }
    } else {
      int colon = ref.lastIndexOf(':');
      if (colon > ref.lastIndexOf('/')) {
        dir = ref.substring(0, colon);
        tag = ref.substring(colon + 1);
      }
    }
    Path path = Path.of(dir).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path.resolve("index.json"))) {
      throw new BuildError(what + ": " + path + " is not an OCI layout (no index.json)");
    }
    if (digest == null) {
      digest = io.multiarchbuild.engine.export.LayoutImages.resolve(path, tag);
    }
    return path + "@" + digest;
  }

  /** The .dockerignore rules of a local named context (its own file, as buildx sends each context with its own). */
  static IgnoreRules ignoreOf(Path dir) throws IOException {
    Path file = dir.resolve(".dockerignore");
    if (!Files.isRegularFile(file)) {
      return IgnoreRules.none();
    }
    return IgnoreRules.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }
}
