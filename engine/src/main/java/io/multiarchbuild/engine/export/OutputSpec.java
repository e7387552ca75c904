package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code --output} of buildx: {@code type=registry,name=a,push=true,oci-mediatypes=false}. The
 * CSV fields may be quoted ({@code "name=a,b"}) as buildx requires; we also accept the unquoted form
 * {@code name=a,b}, where a field without {@code =} right after {@code name=} continues the name
 * list. A bare {@code PATH} means {@code type=local,dest=PATH}; a bare {@code -} means {@code
 * type=tar,dest=-}.
 *
 * @param type the exporter
 * @param attributes every {@code key=value} except {@code type} and {@code name}, as given
 * @param names image names ({@code name=}, comma-separated, in order)
 */
public record OutputSpec(Type type, Map<String, String> attributes, List<String> names) {

  /** The exporters of buildx. {@code registry} is {@code image} with {@code push=true}. */
  public enum Type {
    IMAGE, REGISTRY, OCI, DOCKER, LOCAL, TAR;

    String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Set<String> IMAGE_KEYS = Set.of("push", "registry.insecure", "insecure",
      "oci-mediatypes", "compression", "compression-level", "force-compression", "store", "unpack",
      "dangling-name-prefix", "name-canonical", "rewrite-timestamp", "push-by-digest");
  private static final Set<String> ARCHIVE_KEYS = Set.of("dest", "tar", "oci-mediatypes", "compression",
      "compression-level", "force-compression", "rewrite-timestamp", "context");
  private static final Set<String> FS_KEYS = Set.of("dest", "platform-split", "mode");

  public OutputSpec {
    Objects.requireNonNull(type, "type");
    attributes = Map.copyOf(attributes);
    names = List.copyOf(names);
  }

  /** Parses one {@code --output} value; throws {@link ExportError} naming the bad key or value. */
  public static OutputSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ExportError("--output: empty value; use e.g. type=registry,name=REPO:TAG");
    }
    if (text.equals("-")) {
      return new OutputSpec(Type.TAR, Map.of("dest", "-"), List.of());
    }
    if (!text.contains("=")) {
      return new OutputSpec(Type.LOCAL, Map.of("dest", text), List.of());
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    String previousKey = null;
    for (String field : splitCsv(text)) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        if ("name".equals(previousKey) && !field.isBlank()) {
          names.add(field.trim());
          continue;
        }
        throw new ExportError("--output " + text + ": field \"" + field + "\" is not key=value");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(eq + 1).trim();
      previousKey = key;
      if (key.equals("name")) {
        for (String n : value.split(",")) {
          if (!n.isBlank()) {
            names.add(n.trim());
          }
        }
      } else {
        attrs.put(key, value);
      }
    }
    String typeText = attrs.remove("type");
    if (typeText == null) {
      throw new ExportError("--output " + text + ": no type=; use one of image, registry, oci, docker, local, tar");
    }
    Type type;
    try {
      type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ExportError("--output: unknown type \"" + typeText + "\"; use one of image, registry, oci, docker, local, tar");
    }
    Set<String> allowed = switch (type) {
      case IMAGE, REGISTRY -> IMAGE_KEYS;
      case OCI, DOCKER -> ARCHIVE_KEYS;
      case LOCAL, TAR -> FS_KEYS;
    };
    for (String key : attrs.keySet()) {
      if (!allowed.contains(key) && !key.startsWith("annotation")) {
        throw new ExportError("--output type=" + type.text() + ": unknown key \"" + key + "\"");
      }
    }
    if (!names.isEmpty() && (type == Type.LOCAL || type == Type.TAR)) {
      throw new ExportError("--output type=" + type.text() + ": unknown key \"name\"");
    }
    OutputSpec spec = new OutputSpec(type, attrs, names);
    spec.validate();
    return spec;
  }

  private void validate() {
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey().startsWith("annotation")) {
        throw new ExportError("--output type=" + type.text() + ": " + e.getKey() + " is not supported yet");
      }
    }
    for (String b : List.of("push", "oci-mediatypes", "tar", "platform-split", "force-compression",
        "registry.insecure", "insecure", "push-by-digest", "unpack", "store", "name-canonical", "rewrite-timestamp")) {
      flag(b, false);
    }
    compression();
    compressionLevel();
    String mode = attributes.get("mode");
    if (mode != null && !mode.equals("copy")) {
      throw new ExportError("--output type=" + type.text() + ": mode=" + mode + " is not supported (only mode=copy)");
    }
    if ((type == Type.LOCAL || type == Type.OCI) && dest() == null) {
      throw new ExportError("--output type=" + type.text() + ": dest= is required");
    }
    if (type == Type.TAR && dest() == null) {
      throw new ExportError("--output type=tar: dest= is required (a file, or - for stdout)");
    }
    if (shouldPush() && names.isEmpty()) {
      throw new ExportError("--output type=" + type.text() + ": push needs at least one name=");
    }
  }

  /** A boolean attribute ({@code true}/{@code false}; a key without value counts as true, as buildx). */
  boolean flag(String key, boolean otherwise) {
    String v = attributes.get(key);
    if (v == null) {
      return otherwise;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "", "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new ExportError("--output type=" + type.text() + ": " + key + "=" + v + " is not true or false");
    };
  }

  /**
   * This output with a relative {@code dest} resolved against {@code dir} (the caller's working
   * directory); {@code dest=-} (standard output) stays.
   */
  public OutputSpec resolvedAgainst(java.nio.file.Path dir) {
    String d = dest();
    if (d == null || d.equals("-")) {
      return this;
    }
    Map<String, String> attrs = new LinkedHashMap<>(attributes);
    attrs.put("dest", dir.resolve(d).toString());
    return new OutputSpec(type, attrs, names);
  }

  /** {@code dest=}, or null. */
  public String dest() {
    String d = attributes.get("dest");
    return d == null || d.isEmpty() ? null : d;
  }

  /** Whether the image is pushed ({@code type=registry}, or {@code type=image,push=true}). */
  public boolean shouldPush() {
    return type == Type.REGISTRY ? flag("push", true) : type == Type.IMAGE && flag("push", false);
  }

  /**
   * {@code push-by-digest=true}: the image is pushed to the names' repositories by digest only, and
   * no tag is written (for manifests that are joined into an index later, as buildx does).
   */
  public boolean pushByDigest() {
    return flag("push-by-digest", false);
  }

  /**
   * The media type family: {@code oci-mediatypes=} when given; otherwise Docker for {@code
   * type=docker} (what the Docker Engine's classic store expects, as BuildKit) and OCI for the rest.
   */
  public MediaTypeStyle mediaTypes() {
    boolean oci = flag("oci-mediatypes", type != Type.DOCKER);
    return oci ? MediaTypeStyle.OCI : MediaTypeStyle.DOCKER;
  }

  /** {@code compression=} (buildx names; estargz is not supported), or null when not given. */
  public Compression compression() {
    String c = attributes.get("compression");
    if (c == null) {
      return null;
    }
    return switch (c.toLowerCase(Locale.ROOT)) {
      case "uncompressed" -> Compression.NONE;
      case "gzip" -> Compression.GZIP;
      case "zstd" -> Compression.ZSTD;
      case "estargz" -> throw new ExportError("--output type=" + type.text() + ": compression=estargz is not supported");
      default -> throw new ExportError("--output type=" + type.text() + ": compression=" + c
          + " is not one of uncompressed, gzip, zstd");
    };
  }

  /**
   * {@code compression-level=N}, or -1 for the compression's default. gzip takes 0-9, zstd 1-22 (as
   * buildx); without {@code compression=} the level is gzip's.
   */
  public int compressionLevel() {
    String v = attributes.get("compression-level");
    if (v == null || v.isEmpty()) {
      return -1;
    }
    Compression c = compression();
    int min = c == Compression.ZSTD ? 1 : 0;
    int max = c == Compression.ZSTD ? 22 : 9;
    try {
      int level = Integer.parseInt(v.trim());
      if (level >= min && level <= max) {
        return level;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ExportError("--output type=" + type.text() + ": compression-level=" + v + " is not valid for "
        + (c == null ? "gzip" : c == Compression.NONE ? "uncompressed" : c.name().toLowerCase(Locale.ROOT))
        + "; use " + (c == Compression.NONE ? "no level" : min + "-" + max));
  }

  /** {@code force-compression=true}: recompress the base image's layers too, not only the build's. */
  public boolean forceCompression() {
    return flag("force-compression", false);
  }

  /** Whether registries of this output may be reached over plain HTTP ({@code registry.insecure=true}). */
  public boolean insecureRegistry() {
    return flag("registry.insecure", false) || flag("insecure", false);
  }

  /** For {@code oci}/{@code docker}: tar archive (default) or directory ({@code tar=false}). */
  public boolean tar() {
    return flag("tar", true);
  }

  /** For {@code local}/{@code tar} of several platforms: one subdirectory per platform (default). */
  public boolean platformSplit() {
    return flag("platform-split", true);
  }

  /** Splits buildx CSV: commas separate fields except inside double quotes; {@code ""} is a quote. */
  static List<String> splitCsv(String text) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new ExportError("--output " + text + ": unterminated quote");
    }
    fields.add(cur.toString());
    return fields;
  }
}
