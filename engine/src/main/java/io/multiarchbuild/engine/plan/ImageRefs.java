package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.ImageName;
import io.multiarchbuild.engine.oci.InvalidReferenceException;

/**
 * Normalises image references the way Docker does ({@code golang:1.22} → {@code
 * docker.io/library/golang:1.22}, no tag → {@code :latest}), so equal images get equal ops. The
 * grammar is {@link ImageName}'s, the same one the registry client parses with.
 */
final class ImageRefs {
  private ImageRefs() {}

  /** The normalised reference, or null when {@code ref} is not a valid image reference. */
  static String normalize(String ref) {
    try {
      return ImageName.parse(ref).toString();
    } catch (InvalidReferenceException e) {
      return null;
    }
  }

  /** True when {@code ref} looks like a bare name (no registry, tag or digest), which a typo of a stage name would. */
  static boolean isBareName(String ref) {
    return !ref.contains(":") && !ref.contains("/") && !ref.contains("@");
  }
}
