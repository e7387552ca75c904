package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RUN --mount=…} after expansion, with BuildKit's defaults filled in.
 *
 * @param type bind, cache, tmpfs, secret or ssh
 * @param target where it appears in the container; for secret/ssh the default path when not given
 *     (ssh: null here, the planner numbers the agent sockets); for a secret with only {@code env}, null
 * @param source bind: path inside {@code from}; cache: subpath of {@code from}; else null
 * @param from the stage, context or image a bind/cache mount reads (null = main context / empty)
 * @param readOnly effective read-only flag
 * @param id cache id (default target), secret id (default basename of target) or ssh id ({@code
 *     default}); null for bind/tmpfs
 * @param sharing cache only: shared, private or locked; null otherwise
 * @param mode file mode for cache/secret/ssh (defaults 0755/0400/0600), null otherwise
 * @param uid owner for cache/secret/ssh (default 0), null otherwise
 * @param gid group for cache/secret/ssh (default 0), null otherwise
 * @param required secret/ssh: fail when not provided
 * @param sizeBytes tmpfs size limit, 0 = unlimited
 * @param env secret only: environment variable that receives the secret, or null
 */
public record RunMount(
    MountType type,
    String target,
    String source,
    String from,
    boolean readOnly,
    String id,
    String sharing,
    Integer mode,
    Integer uid,
    Integer gid,
    boolean required,
    long sizeBytes,
    String env) {

  /** The mount types BuildKit supports. */
  public enum MountType {
    BIND,
    CACHE,
    TMPFS,
    SECRET,
    SSH;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final List<String> KEYS =
      List.of(
          "type", "from", "source", "src", "target", "dst", "destination", "readonly", "ro", "readwrite", "rw",
          "id", "sharing", "required", "mode", "uid", "gid", "size", "env");
  private static final List<String> TYPES = List.of("bind", "cache", "tmpfs", "secret", "ssh");
  private static final List<String> SHARING = List.of("shared", "private", "locked");
  private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)i?b?");

  /**
   * Parses a {@code --mount} value (CSV of {@code key[=value]}) and validates it against the option
   * matrix. {@code expand} turns a raw value into its expanded form; it may return null for "not
   * known yet", in which case checks that depend on that value are skipped (the instruction layer
   * validates early without variables, the planner again with them).
   */
  public static RunMount parse(String value, UnaryOperator<String> expand, String fileName, int line) {
    Builder b = new Builder();
    boolean roAuto = true;
    for (String field : splitCsv(value, fileName, line)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT).trim();
      if (eq < 0) {
        switch (key) {
          case "readonly", "ro" -> {
            b.readOnly = true;
            roAuto = false;
          }
          case "readwrite", "rw" -> {
            b.readOnly = false;
            roAuto = false;
          }
          case "required" -> {
            b.required = true;
            b.seen.add("required");
          }
          default -> {
            if (KEYS.contains(key)) {
              throw err(fileName, line, "invalid field '" + field + "' in --mount: it must be a key=value pair");
            }
            throw unknownKey(fileName, line, key, field);
          }
        }
        continue;
      }
      String raw = field.substring(eq + 1);
      if (key.equals("from") && raw.matches("(?s).*\\$.+")) {
        throw err(
            fileName, line,
            "'from' in --mount doesn't support variable expansion; define an alias stage instead (FROM "
                + raw + " AS name) and mount from=name");
      }
      if (!KEYS.contains(key)) {
        throw unknownKey(fileName, line, key, field);
      }
      String v = key.equals("from") ? raw : expand.apply(raw);
      if (v == null) {
        b.seen.add(key); // value unknown until expansion; still counts for "which keys are present"
        if (key.equals("type")) {
          b.typeUnknown = true;
        }
        continue;
      }
      b.seen.add(key);
      switch (key) {
        case "type" -> {
          String t = v.toLowerCase(Locale.ROOT);
          if (!TYPES.contains(t)) {
            throw err(fileName, line, "unsupported mount type \"" + v + "\"" + Suggestions.hint(t, TYPES, ""));
          }
          b.type = MountType.valueOf(t.toUpperCase(Locale.ROOT));
        }
        case "from" -> b.from = v;
        case "source", "src" -> b.source = v;
        case "target", "dst", "destination" -> b.target = v;
        case "readonly", "ro" -> {
          b.readOnly = parseBool(v, key, fileName, line);
          roAuto = false;
        }
        case "readwrite", "rw" -> {
          b.readOnly = !parseBool(v, key, fileName, line);
          roAuto = false;
        }
        case "required" -> b.required = parseBool(v, key, fileName, line);
        case "id" -> b.id = v;
        case "sharing" -> {
          String s = v.toLowerCase(Locale.ROOT);
          if (!SHARING.contains(s)) {
            throw err(fileName, line, "unsupported sharing value \"" + v + "\"" + Suggestions.hint(s, SHARING, ""));
          }
          b.sharing = s;
        }
        case "mode" -> b.mode = parseNumber(v, 8, "mode", fileName, line);
        case "uid" -> b.uid = parseNumber(v, 10, "uid", fileName, line);
        case "gid" -> b.gid = parseNumber(v, 10, "gid", fileName, line);
        case "size" -> b.size = parseSize(v, fileName, line);
        case "env" -> b.env = v;
        default -> throw new IllegalStateException(key);
      }
    }
    return b.validate(roAuto, fileName, line);
  }

  private static final class Builder {
    MountType type = MountType.BIND;
    boolean typeUnknown;
    final List<String> seen = new ArrayList<>();
    String target;
    String source;
    String from;
    boolean readOnly;
    String id;
    String sharing;
    Integer mode;
    Integer uid;
    Integer gid;
    boolean required;
    long size;
    String env;

    RunMount validate(boolean roAuto, String fileName, int line) {
      if (typeUnknown) {
        // Nothing type-specific can be checked before the type is known.
        return new RunMount(type, target, source, from, readOnly, id, sharing, mode, uid, gid, required, size, env);
      }
      String t = type.id();
      boolean fileInfo = type == MountType.CACHE || type == MountType.SECRET || type == MountType.SSH;
      for (String k : List.of("mode", "uid", "gid")) {
        if (!fileInfo && seen.contains(k)) {
          throw err(fileName, line, k + " is not allowed for " + t + " mounts (only cache, secret and ssh)");
        }
      }
      if (seen.contains("sharing") && type != MountType.CACHE) {
        throw err(fileName, line, "sharing is only allowed for cache mounts, not " + t);
      }
      if (seen.contains("size") && type != MountType.TMPFS) {
        throw err(fileName, line, "unexpected key 'size' for mount type '" + t + "' (only tmpfs has a size)");
      }
      if (seen.contains("required") && type != MountType.SECRET && type != MountType.SSH) {
        throw err(fileName, line, "unexpected key 'required' for mount type '" + t + "' (only secret and ssh)");
      }
      if (seen.contains("env") && type != MountType.SECRET) {
        throw err(fileName, line, "unexpected key 'env' for mount type '" + t + "' (only secret)");
      }
      if (seen.contains("id") && (type == MountType.BIND || type == MountType.TMPFS)) {
        throw err(fileName, line, "unexpected key 'id' for mount type '" + t + "'");
      }
      if (seen.contains("from") && type != MountType.BIND && type != MountType.CACHE) {
        throw err(fileName, line, t + " mounts can't have 'from' (only bind and cache mounts read another stage)");
      }
      if ((seen.contains("source") || seen.contains("src")) && (type == MountType.TMPFS || type == MountType.SSH)) {
        throw err(fileName, line, "unexpected key 'source' for mount type '" + t + "'");
      }
      boolean hasTarget = seen.contains("target") || seen.contains("dst") || seen.contains("destination");
      boolean hasSource = seen.contains("source") || seen.contains("src");
      if (roAuto) {
        readOnly = !(type == MountType.CACHE || type == MountType.TMPFS);
      }
      switch (type) {
        case BIND, CACHE, TMPFS -> {
          if (!hasTarget) {
            throw err(fileName, line, t + " mount needs a target (e.g. --mount=type=" + t + ",target=/path)");
          }
        }
        case SECRET -> {
          if (!hasTarget && !hasSource && !seen.contains("id") && !seen.contains("env")) {
            throw err(fileName, line, "secret mount needs one of id, source or target (e.g. --mount=type=secret,id=npmrc)");
          }
          if (hasSource && seen.contains("id")) {
            throw err(fileName, line, "secret mount can't set both source and id; use id");
          }
        }
        case SSH -> {}
      }
      // Defaults, as BuildKit's dispatcher applies them.
      switch (type) {
        case CACHE -> {
          if (id == null || id.isEmpty()) {
            id = target;
          }
          sharing = sharing == null ? "shared" : sharing;
          mode = mode == null ? 0755 : mode;
        }
        case SECRET -> {
          if (id == null && source != null) {
            id = source;
            source = null;
          }
          if ((id == null || id.isEmpty()) && target != null) {
            id = target.substring(target.lastIndexOf('/') + 1);
          }
          if (target == null && env == null && id != null) {
            target = "/run/secrets/" + id;
          }
          mode = mode == null ? 0400 : mode;
        }
        case SSH -> {
          if (id == null || id.isEmpty()) {
            id = "default";
          }
          mode = mode == null ? 0600 : mode;
        }
        default -> {}
      }
      if (fileInfo) {
        uid = uid == null ? 0 : uid;
        gid = gid == null ? 0 : gid;
      }
      return new RunMount(type, target, source, from, readOnly, id, sharing, mode, uid, gid, required, size, env);
    }
  }

  private static List<String> splitCsv(String value, String fileName, int line) {
    // Go's encoding/csv rules, which BuildKit uses: comma separated, "…" quotes a field, "" escapes a quote.
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean fieldStart = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < value.length() && value.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
        fieldStart = true;
      } else {
        cur.append(c);
        fieldStart = false;
      }
    }
    if (quoted) {
      throw err(fileName, line, "--mount value has an unterminated quote: " + value);
    }
    out.add(cur.toString());
    out.removeIf(String::isEmpty);
    return out;
  }

  private static boolean parseBool(String v, String key, String fileName, int line) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "t" -> true;
      case "false", "0", "f" -> false;
      default -> throw err(fileName, line, "invalid value for " + key + " in --mount: " + v + " (expected true or false)");
    };
  }

  private static Integer parseNumber(String v, int radix, String key, String fileName, int line) {
    try {
      long n = Long.parseLong(v, radix);
      if (n < 0 || n > 0xFFFFFFFFL) {
        throw new NumberFormatException();
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw err(fileName, line, "invalid value " + v + " for " + key + " in --mount" + (radix == 8 ? " (expected octal, e.g. 0755)" : ""));
    }
  }

  private static long parseSize(String v, String fileName, int line) {
    Matcher m = SIZE.matcher(v.trim());
    if (!m.matches()) {
      throw err(fileName, line, "invalid value for size in --mount: " + v + " (e.g. 64m, 1g)");
    }
    double n = Double.parseDouble(m.group(1));
    int power = "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    return (long) (n * Math.pow(1024, power));
  }

  private static DockerfileError unknownKey(String fileName, int line, String key, String field) {
    return err(fileName, line, "unexpected key '" + key + "' in '" + field + "' of --mount" + Suggestions.hint(key, KEYS, ""));
  }

  private static DockerfileError err(String fileName, int line, String detail) {
    return new DockerfileError(fileName, line, detail);
  }
}
