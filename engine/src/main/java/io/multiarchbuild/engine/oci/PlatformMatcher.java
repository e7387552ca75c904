package io.multiarchbuild.engine.oci;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which platforms can stand in for a requested one, best first, with containerd's rules (its {@code
 * platforms.Only}): an exact match is preferred; {@code arm/vN} also runs {@code arm/v(N-1)} down to
 * v5; {@code arm64} also runs {@code arm/v8} … {@code arm/v5}; {@code amd64/vN} also runs lower amd64
 * levels and, like every amd64, {@code 386}; {@code arm64/v9.x} runs lower v9 minors and {@code
 * v8.(x+5)} downwards. {@link #strict} matches the exact (normalised) platform only.
 */
public final class PlatformMatcher {

  private final Platform requested;
  private final List<Platform> vector;

  private PlatformMatcher(Platform requested, List<Platform> vector) {
    this.requested = requested;
    this.vector = List.copyOf(vector);
  }

  /** The platform itself and every platform that can run on it, best first. */
  public static PlatformMatcher only(Platform requested) {
    Objects.requireNonNull(requested, "requested");
    return new PlatformMatcher(requested, new ArrayList<>(new LinkedHashSet<>(vectorOf(requested))));
  }

  /** The platform itself only. */
  public static PlatformMatcher strict(Platform requested) {
    return new PlatformMatcher(requested, List.of(requested));
  }

  /** The platforms this matcher accepts, best first. */
  public List<Platform> candidates() {
    return vector;
  }

  public boolean matches(Platform p) {
    return p != null && vector.contains(p);
  }

  /** Orders accepted platforms best first; platforms not accepted sort last. */
  public Comparator<Platform> preference() {
    return Comparator.comparingInt(this::rank);
  }

  private int rank(Platform p) {
    int i = p == null ? -1 : vector.indexOf(p);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /**
   * The best manifest of {@code index} for the requested platform (the first of equally good ones, in
   * index order). Entries without a platform (e.g. attestations) are never chosen.
   *
   * @param imageRef the image's name, only for the error message
   * @throws NoMatchingPlatformException listing the index's platforms when none matches
   */
  public Descriptor select(ImageIndex index, String imageRef) {
    Descriptor best = null;
    for (Descriptor d : index.manifests()) {
      if (matches(d.platform()) && (best == null || rank(d.platform()) < rank(best.platform()))) {
        best = d;
      }
    }
    if (best == null) {
      Set<String> available =
          index.manifests().stream()
              .map(Descriptor::platform)
              .filter(p -> p != null && !p.os().equals("unknown"))
              .map(Platform::toString)
              .collect(Collectors.toCollection(LinkedHashSet::new));
      throw new NoMatchingPlatformException(requested, imageRef, List.copyOf(available));
    }
    return best;
  }

  private static List<Platform> vectorOf(Platform p) {
    List<Platform> out = new ArrayList<>();
    out.add(p);
    String os = p.os();
    switch (p.architecture()) {
      case "amd64" -> {
        int level = versionOf(p.variant(), 1);
        for (int v = level - 1; v >= 1; v--) {
          out.add(new Platform(os, "amd64", "v" + v));
        }
        out.add(new Platform(os, "386", ""));
      }
      case "arm" -> {
        int v = versionOf(p.variant(), 7);
        for (v--; v >= 5; v--) {
          out.add(new Platform(os, "arm", "v" + v));
        }
      }
      case "arm64" -> arm64Vector(p, out);
      default -> {}
    }
    return out;
  }

  /** containerd's arm64 rules; our Platform spells arm64/v8 as an empty variant. */
  private static void arm64Vector(Platform p, List<Platform> out) {
    String variant = p.variant().isEmpty() ? "v8" : p.variant();
    String[] parts = variant.substring(1).split("\\.", 2);
    int major;
    int minor = 0;
    try {
      major = Integer.parseInt(parts[0]);
      if (parts.length == 2) {
        minor = Integer.parseInt(parts[1]);
      }
    } catch (NumberFormatException e) {
      return;
    }
    if (major == 9) {
      for (int m = minor - 1; m >= 0; m--) {
        out.add(new Platform(p.os(), "arm64", m == 0 ? "v9" : "v9." + m));
      }
      minor += 5; // v9.0 forked from v8.5
      major = 8;
      out.add(new Platform(p.os(), "arm64", "v8." + minor));
    }
    if (major == 8) {
      for (int m = minor - 1; m >= 0; m--) {
        out.add(new Platform(p.os(), "arm64", m == 0 ? "v8" : "v8." + m));
      }
    }
    for (int v = 8; v >= 5; v--) {
      out.add(new Platform(p.os(), "arm", "v" + v));
    }
  }

  private static int versionOf(String variant, int dflt) {
    if (variant.isEmpty()) {
      return dflt;
    }
    try {
      return Integer.parseInt(variant.startsWith("v") ? variant.substring(1) : variant);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  @Override
  public String toString() {
    return "PlatformMatcher" + vector;
  }
}
