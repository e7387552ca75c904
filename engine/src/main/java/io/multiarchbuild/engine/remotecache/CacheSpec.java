package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.registry.ImageReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code --cache-to} or {@code --cache-from} value in buildx syntax:
 * {@code type=registry,ref=REG/REPO:TAG,mode=max}, {@code type=local,dest=DIR}, {@code type=inline},
 * or a bare {@code NAME} meaning {@code type=registry,ref=NAME}. Parsing checks every key and value,
 * so a typo fails the build before anything runs.
 *
 * @param direction whether this is an export ({@code --cache-to}) or an import ({@code --cache-from})
 * @param type the backend
 * @param attributes every {@code key=value} except {@code type}, keys lower-cased
 */
public record CacheSpec(Direction direction, Type type, Map<String, String> attributes) {

  /** {@code --cache-to} or {@code --cache-from}. */
  public enum Direction {
    TO("--cache-to"), FROM("--cache-from");

    final String flag;

    Direction(String flag) {
      this.flag = flag;
    }
  }

  /** The backends this engine has. */
  public enum Type {
    REGISTRY, LOCAL, INLINE
  }

  /** {@code mode=min}: records of the final image's layers; {@code mode=max}: every step of every stage. */
  public enum Mode {
    MIN, MAX
  }

  private static final Set<String> TO_REGISTRY = Set.of("ref", "mode", "compression", "compression-level",
      "force-compression", "oci-mediatypes", "image-manifest", "ignore-error");
  private static final Set<String> TO_LOCAL = Set.of("dest", "tag", "mode", "compression", "compression-level",
      "force-compression", "oci-mediatypes", "image-manifest", "ignore-error");
  private static final Set<String> TO_INLINE = Set.of("mode", "ignore-error");
  private static final Set<String> FROM_REGISTRY = Set.of("ref");
  private static final Set<String> FROM_LOCAL = Set.of("src", "tag", "digest");

  public CacheSpec {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(type, "type");
    attributes = Map.copyOf(attributes);
  }

  /** Parses a {@code --cache-to} value; throws {@link CacheSpecError} naming the bad part. */
  public static CacheSpec parseTo(String text) {
    return parse(Direction.TO, text);
  }

  /** Parses a {@code --cache-from} value; throws {@link CacheSpecError} naming the bad part. */
  public static CacheSpec parseFrom(String text) {
    return parse(Direction.FROM, text);
  }

  static CacheSpec parse(Direction dir, String text) {
    String flag = dir.flag;
    if (text == null || text.isBlank()) {
      throw new CacheSpecError(flag + ": empty value; use e.g. type=registry,ref=REGISTRY/REPO:TAG");
    }
    if (!text.contains("=")) {
      text = "type=registry,ref=" + text.trim();
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    String typeText = null;
    for (String field : splitCsv(text, flag)) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        throw new CacheSpecError(flag + " " + text + ": field \"" + field + "\" is not key=value");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(eq + 1).trim();
      if (key.equals("type")) {
        typeText = value.toLowerCase(Locale.ROOT);
      } else if (attrs.put(key, value) != null) {
        throw new CacheSpecError(flag + " " + text + ": key \"" + key + "\" given twice");
      }
    }
    if (typeText == null) {
      typeText = attrs.containsKey("ref") ? "registry" : attrs.containsKey("src") || attrs.containsKey("dest") ? "local" : "";
    }
    Type type = switch (typeText) {
      case "registry" -> Type.REGISTRY;
      case "local" -> Type.LOCAL;
      case "inline" -> Type.INLINE;
      case "gha", "s3", "azblob" -> throw new CacheSpecError(flag + " " + text + ": type=" + typeText
          + " is not supported by this engine; use type=registry or type=local");
      default -> throw new CacheSpecError(flag + " " + text + ": unknown or missing type \"" + typeText
          + "\"; use type=registry, type=local" + (dir == Direction.TO ? " or type=inline" : ""));
    };
    CacheSpec spec = new CacheSpec(dir, type, attrs);
    spec.validate(text);
    return spec;
  }

  private void validate(String text) {
    String flag = direction.flag;
    String where = flag + " " + text;
    if (direction == Direction.FROM && type == Type.INLINE) {
      throw new CacheSpecError(where + ": an inline cache is imported with --cache-from type=registry,ref=IMAGE");
    }
    Set<String> allowed = switch (direction) {
      case TO -> switch (type) {
        case REGISTRY -> TO_REGISTRY;
        case LOCAL -> TO_LOCAL;
        case INLINE -> TO_INLINE;
      };
      case FROM -> type == Type.REGISTRY ? FROM_REGISTRY : FROM_LOCAL;
    };
    for (String k : attributes.keySet()) {
      if (!allowed.contains(k)) {
        throw new CacheSpecError(where + ": unknown key \"" + k + "\" for type=" + type.name().toLowerCase(Locale.ROOT)
            + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
    if (type == Type.REGISTRY) {
      String ref = attributes.get("ref");
      if (ref == null || ref.isEmpty()) {
        throw new CacheSpecError(where + ": type=registry needs ref=REGISTRY/REPO[:TAG]");
      }
      try {
        ImageReference.parse(ref);
      } catch (UserError e) {
        throw new CacheSpecError(where + ": ref: " + e.getMessage());
      }
    }
    if (type == Type.LOCAL) {
      String key = direction == Direction.TO ? "dest" : "src";
      if (attributes.getOrDefault(key, "").isEmpty()) {
        throw new CacheSpecError(where + ": type=local needs " + key + "=DIRECTORY");
      }
    }
    mode();
    compression();
    bool("oci-mediatypes", true);
    bool("ignore-error", false);
    forceCompression();
    compressionLevel();
    if (imageManifest() && !ociMediaTypes()) {
      throw new CacheSpecError(where + ": image-manifest=true needs oci-mediatypes=true");
    }
    if (type == Type.INLINE && mode() == Mode.MAX) {
      throw new CacheSpecError(where + ": an inline cache supports only mode=min; use type=registry for mode=max");
    }
  }

  /** The registry reference ({@code type=registry}). */
  public ImageReference ref() {
    return ImageReference.parse(attributes.get("ref"));
  }

  /**
   * This spec with the directory of a {@code type=local} cache resolved against {@code dir} (the
   * caller's working directory); other types are returned as they are.
   */
  public CacheSpec resolvedAgainst(Path dir) {
    String key = direction == Direction.TO ? "dest" : "src";
    String value = attributes.get(key);
    if (type != Type.LOCAL || value == null || value.isEmpty()) {
      return this;
    }
    Map<String, String> attrs = new java.util.LinkedHashMap<>(attributes);
    attrs.put(key, dir.resolve(value).toString());
    return new CacheSpec(direction, type, attrs);
  }

  /** The directory of a {@code type=local} cache: {@code dest} for an export, {@code src} for an import. */
  public Path directory() {
    return Path.of(attributes.get(direction == Direction.TO ? "dest" : "src"));
  }

  /** The tag inside a local OCI layout ({@code tag=}, default {@code latest}). */
  public String tag() {
    return attributes.getOrDefault("tag", "latest");
  }

  public Mode mode() {
    String m = attributes.getOrDefault("mode", "min").toLowerCase(Locale.ROOT);
    return switch (m) {
      case "min" -> Mode.MIN;
      case "max" -> Mode.MAX;
      default -> throw new CacheSpecError(direction.flag + ": mode=" + m + " is not valid; use mode=min or mode=max");
    };
  }

  /** The layer compression asked for, or null to export layers as they are. */
  public Compression compression() {
    String c = attributes.get("compression");
    if (c == null) {
      return null;
    }
    return switch (c.toLowerCase(Locale.ROOT)) {
      case "gzip" -> Compression.GZIP;
      case "zstd" -> Compression.ZSTD;
      case "uncompressed" -> Compression.NONE;
      default -> throw new CacheSpecError(direction.flag + ": compression=" + c
          + " is not valid; use gzip, zstd or uncompressed");
    };
  }

  /**
   * {@code compression-level=N}, or -1 for the compression's default. gzip takes 0-9, zstd 1-22 (as
   * buildx); a level without {@code compression=} only applies to layers that are recompressed.
   */
  public int compressionLevel() {
    String v = attributes.get("compression-level");
    if (v == null || v.isEmpty()) {
      return -1;
    }
    Compression c = compression();
    int max = c == Compression.ZSTD ? 22 : 9;
    int min = c == Compression.ZSTD ? 1 : 0;
    try {
      int level = Integer.parseInt(v);
      if (level >= min && level <= max) {
        return level;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CacheSpecError(direction.flag + ": compression-level=" + v + " is not valid for "
        + (c == null ? "gzip" : c.name().toLowerCase(Locale.ROOT)) + "; use " + min + "-" + max);
  }

  /** Recompress layers even when they already have the requested compression ({@code force-compression=true}). */
  public boolean forceCompression() {
    return bool("force-compression", false);
  }

  public boolean ociMediaTypes() {
    return bool("oci-mediatypes", true);
  }

  /** An image manifest (true, the default) or an index of blobs (false) as the cache's top document. */
  public boolean imageManifest() {
    return bool("image-manifest", ociMediaTypes());
  }

  public boolean ignoreError() {
    return bool("ignore-error", false);
  }

  /** A short name for progress: the ref, the directory, or "inline". */
  public String display() {
    return switch (type) {
      case REGISTRY -> attributes.get("ref");
      case LOCAL -> directory().toString();
      case INLINE -> "inline";
    };
  }

  private boolean bool(String key, boolean dflt) {
    String v = attributes.get(key);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new CacheSpecError(direction.flag + ": " + key + "=" + v + " is not valid; use true or false");
    };
  }

  /** Splits CSV fields, honouring double quotes ({@code "ref=a,b"}) as buildx does. */
  private static List<String> splitCsv(String text, String flag) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new CacheSpecError(flag + " " + text + ": unterminated quote");
    }
    out.add(cur.toString());
    return out.stream().filter(s -> !s.isBlank()).toList();
  }
}
