package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.registry.ImageReference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@link ImageCopier} reads or writes an image, in skopeo's transport syntax: {@code
 * docker://REF} (a registry), {@code oci:DIR[:TAG]} (an OCI layout directory), {@code
 * oci-archive:FILE[:TAG]} (a tar of one). A bare reference without transport means {@code docker://}.
 *
 * @param kind the transport
 * @param reference for {@code docker://}, the image reference; else null
 * @param path for layouts, the directory or archive; else null
 * @param tag for layouts, the {@code org.opencontainers.image.ref.name} to read or write, or null
 */
public record ImageLocation(Kind kind, ImageReference reference, Path path, String tag) {

  public enum Kind { REGISTRY, LAYOUT, ARCHIVE }

  /** skopeo's other transports: named so that "dir:/x" is not mistaken for an image "dir" tagged "/x". */
  private static final java.util.Set<String> OTHER_TRANSPORTS = java.util.Set.of("dir", "docker-archive",
      "docker-daemon", "containers-storage", "ostree", "sif", "tarball");

  public ImageLocation {
    Objects.requireNonNull(kind, "kind");
  }

  public static ImageLocation parse(String text) {
    if (text.startsWith("docker://")) {
      return new ImageLocation(Kind.REGISTRY, ImageReference.parse(text.substring("docker://".length())), null, null);
    }
    if (text.startsWith("oci:")) {
      return layout(Kind.LAYOUT, text.substring("oci:".length()), text);
    }
    if (text.startsWith("oci-archive:")) {
      return layout(Kind.ARCHIVE, text.substring("oci-archive:".length()), text);
    }
    int colon = text.indexOf(':');
    if (colon > 0 && OTHER_TRANSPORTS.contains(text.substring(0, colon))) {
      throw unknown(text);
    }
    return new ImageLocation(Kind.REGISTRY, ImageReference.parse(text), null, null);
  }

  private static ExportError unknown(String text) {
    return new ExportError("image location \"" + text + "\": unknown transport; use docker://REF, oci:DIR[:TAG] or "
        + "oci-archive:FILE[:TAG]");
  }

  private static ImageLocation layout(Kind kind, String rest, String text) {
    if (rest.isEmpty()) {
      throw new ExportError("image location \"" + text + "\": no path");
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && rest.indexOf('/', colon) < 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (tag.isEmpty()) {
        tag = null;
      }
    }
    return new ImageLocation(kind, null, Path.of(rest), tag);
  }

  /** This location with a relative layout or archive path resolved against {@code dir} (the caller's working directory). */
  public ImageLocation resolvedAgainst(Path dir) {
    return path == null ? this : new ImageLocation(kind, reference, dir.resolve(path), tag);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case REGISTRY -> "docker://" + reference;
      case LAYOUT -> "oci:" + path + (tag == null ? "" : ":" + tag);
      case ARCHIVE -> "oci-archive:" + path + (tag == null ? "" : ":" + tag);
    };
  }
}
