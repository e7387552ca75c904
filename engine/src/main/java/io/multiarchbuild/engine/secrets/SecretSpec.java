package io.multiarchbuild.engine.secrets;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code --secret} value: where the secret with {@code id} comes from.
 *
 * <p>Syntax as buildx takes it: {@code [type=file,]id=ID[,src|source=PATH]} (the path defaults to
 * the id) or {@code [type=env,]id=ID[,env|src|source=VAR]} (the variable defaults to the id). Without
 * {@code type}, an environment variable named like the id (or like an explicit {@code env=}) makes it
 * an env secret, otherwise it is a file.
 *
 * @param id the secret id a {@code RUN --mount=type=secret,id=…} asks for
 * @param type where the value lives
 * @param location the file path ({@link Type#FILE}) or the variable name ({@link Type#ENV})
 */
public record SecretSpec(String id, Type type, String location) {

  /** Where a secret's value is read from. */
  public enum Type {
    FILE,
    ENV
  }

  public SecretSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(location, "location");
    if (id.isEmpty() || location.isEmpty()) {
      throw new IllegalArgumentException("empty id or location");
    }
  }

  /** This spec with a relative file path resolved against {@code dir} (the caller's working directory). */
  public SecretSpec resolvedAgainst(java.nio.file.Path dir) {
    return type == Type.FILE ? new SecretSpec(id, type, dir.resolve(location).toString()) : this;
  }

  /** Parses a {@code --secret} value; {@code env} decides the type when none is given. */
  public static SecretSpec parse(String value, Map<String, String> env) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : value.split(",", -1)) {
      int eq = field.indexOf('=');
      if (eq <= 0) {
        throw new SecretsError(
            "--secret " + value + ": \"" + field + "\" is not key=value (e.g. id=npm_token,src=.npmrc)");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String val = field.substring(eq + 1);
      switch (key) {
        case "type", "id", "src", "source", "env" -> {}
        default -> throw new SecretsError(
            "--secret " + value + ": unknown key \"" + key + "\" (expected type, id, src, source or env)");
      }
      String canonical = key.equals("source") ? "src" : key;
      if (fields.putIfAbsent(canonical, val) != null) {
        throw new SecretsError("--secret " + value + ": key \"" + key + "\" given twice");
      }
    }
    String type = fields.get("type");
    String id = fields.get("id");
    String src = fields.get("src");
    String var = fields.get("env");
    if (src != null && var != null) {
      throw new SecretsError("--secret " + value + ": give either src or env, not both");
    }
    if (id == null || id.isEmpty()) {
      throw new SecretsError("--secret " + value + ": key \"id\" is required (e.g. id=npm_token)");
    }
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (f.getValue().isEmpty()) {
        throw new SecretsError("--secret " + value + ": key \"" + f.getKey() + "\" has an empty value");
      }
    }
    Type resolved;
    if (type == null) {
      // buildx: without a type, an existing variable named like the secret makes it an env secret.
      String candidate = var != null ? var : id;
      resolved = var != null || (src == null && env.containsKey(candidate)) ? Type.ENV : Type.FILE;
    } else {
      resolved =
          switch (type.toLowerCase(Locale.ROOT)) {
            case "file" -> Type.FILE;
            case "env" -> Type.ENV;
            default -> throw new SecretsError(
                "--secret " + value + ": type=\"" + type + "\" is not supported (expected file or env)");
          };
    }
    if (resolved == Type.FILE && var != null) {
      throw new SecretsError("--secret " + value + ": key \"env\" needs type=env");
    }
    String location = var != null ? var : src != null ? src : id;
    return new SecretSpec(id, resolved, location);
  }
}
