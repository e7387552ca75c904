package io.multiarchbuild.engine.oci;

import java.util.Locale;
import java.util.Objects;

/**
 * A target platform {@code os/architecture[/variant]} as OCI and containerd spell it. Values are
 * normalised on creation (containerd's rules: {@code x86_64}/{@code x86-64} → {@code amd64},
 * {@code aarch64} → {@code arm64}, {@code armhf} → {@code arm/v7}, {@code armel} → {@code arm/v6};
 * {@code arm64/v8} keeps no variant since v8 is arm64's default; {@code arm} without variant means
 * {@code arm/v7}), so equal platforms are equal records.
 *
 * @param os operating system, e.g. {@code linux}
 * @param architecture CPU architecture in GOARCH terms, e.g. {@code amd64}, {@code arm64}
 * @param variant CPU variant ({@code v7}) or empty
 */
public record Platform(String os, String architecture, String variant) {

  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
    os = os.toLowerCase(Locale.ROOT);
    architecture = architecture.toLowerCase(Locale.ROOT);
    variant = variant.toLowerCase(Locale.ROOT);
    switch (architecture) {
      case "x86_64", "x86-64" -> architecture = "amd64";
      case "aarch64" -> {
        architecture = "arm64";
      }
      case "armhf" -> {
        architecture = "arm";
        variant = "v7";
      }
      case "armel" -> {
        architecture = "arm";
        variant = "v6";
      }
      case "i386", "i686" -> architecture = "386";
      default -> {}
    }
    if (architecture.equals("arm64") && (variant.equals("v8") || variant.equals("8"))) {
      variant = "";
    }
    if (architecture.equals("arm")) {
      if (variant.isEmpty()) {
        variant = "v7";
      } else if (variant.matches("[5-8]")) {
        variant = "v" + variant;
      }
    }
    if (architecture.equals("amd64") && variant.equals("v1")) {
      variant = "";
    }
  }

  /**
   * Parses {@code os/arch[/variant]} (also a bare architecture, taken as linux). Throws {@link
   * InvalidPlatformException} naming the input for anything else.
   */
  public static Platform parse(String text) {
    String t = text == null ? "" : text.trim();
    String[] parts = t.split("/", -1);
    for (String p : parts) {
      if (p.isEmpty() || !p.matches("[A-Za-z0-9_.-]+")) {
        throw new InvalidPlatformException(text);
      }
    }
    return switch (parts.length) {
      case 1 -> new Platform("linux", parts[0], "");
      case 2 -> new Platform(parts[0], parts[1], "");
      case 3 -> new Platform(parts[0], parts[1], parts[2]);
      default -> throw new InvalidPlatformException(text);
    };
  }

  /** The platform of this JVM's host, as the engine builds natively. */
  public static Platform host() {
    return new Platform(System.getProperty("os.name"), System.getProperty("os.arch"), "");
  }

  /** {@code linux/arm64}, {@code linux/arm/v7}. */
  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
