package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets of one build: id → where its value comes from (a file, an environment variable, or a
 * value handed over by the caller, e.g. Jenkins credentials). File and variable values are read
 * when asked for, not kept; caller-given values are kept as a private copy and wiped by
 * {@link #close()}.
 *
 * <p>Values never appear in messages; only ids, file paths and variable names do.
 */
public final class SecretStore implements AutoCloseable {

  /** BuildKit refuses secrets above 500 KiB; so do we, with the same limit. */
  static final int MAX_SECRET_BYTES = 500 * 1024;

  private interface Loader {
    Optional<byte[]> load();

    default void wipe() {}
  }

  private final Map<String, Loader> loaders;

  private SecretStore(Map<String, Loader> loaders) {
    this.loaders = loaders;
  }

  /** An empty store's builder; {@code env} is the environment env secrets read from. */
  public static Builder builder(Map<String, String> env) {
    return new Builder(Map.copyOf(env));
  }

  /** Builds a store from {@code --secret} specs, reading env secrets from {@code env} (the caller's environment). */
  public static SecretStore of(List<SecretSpec> specs, Map<String, String> env) {
    Builder b = builder(env);
    specs.forEach(b::add);
    return b.build();
  }

  /** The value of secret {@code id} (a fresh copy the caller may wipe), or empty if not provided. */
  public Optional<byte[]> get(String id) {
    Loader loader = loaders.get(id);
    return loader == null ? Optional.empty() : loader.load();
  }

  /**
   * The value of a secret a mount requires.
   *
   * @param requiredBy what asks for it, as shown to the user, e.g. {@code RUN
   *     --mount=type=secret,id=npm_token (Dockerfile:7)}
   * @throws SecretsError naming the id when the secret was not provided
   */
  public byte[] require(String id, String requiredBy) {
    return get(id)
        .orElseThrow(
            () ->
                new SecretsError(
                    "secret \""
                        + id
                        + "\" is required by "
                        + requiredBy
                        + " but was not provided; pass --secret id="
                        + id
                        + ",src=…"));
  }

  /** The ids this store was given (an env secret whose variable is unset is listed but absent). */
  public Set<String> ids() {
    return Set.copyOf(loaders.keySet());
  }

  /**
   * The strings a log masker should hide: each value that decodes as UTF-8, the value without its
   * trailing line break (a file's value usually ends in one, a log line does not), and for
   * multi-line values each line of 8 or more characters (tools print files line by line). Blank
   * values are left out: masking them would garble every log line and protect nothing.
   */
  public List<String> maskValues() {
    Set<String> out = new LinkedHashSet<>();
    for (String id : loaders.keySet()) {
      Optional<byte[]> value = get(id);
      if (value.isEmpty()) {
        continue;
      }
      byte[] bytes = value.get();
      try {
        String text = decodeStrict(bytes);
        addIfNotBlank(out, text);
        addIfNotBlank(out, text.strip());
        if (text.strip().contains("\n")) {
          for (String line : text.split("\r?\n")) {
            if (line.strip().length() >= 8) {
              out.add(line.strip());
            }
          }
        }
      } catch (CharacterCodingException binary) {
        // binary values cannot show up in text logs as such; nothing to mask
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
    return List.copyOf(out);
  }

  /** Wipes the caller-given values held by this store. */
  @Override
  public void close() {
    loaders.values().forEach(Loader::wipe);
  }

  private static void addIfNotBlank(Set<String> out, String s) {
    if (!s.isBlank()) {
      out.add(s);
    }
  }

  private static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  /** Collects secret sources; a later source for the same id replaces an earlier one (as buildx). */
  public static final class Builder {
    private final Map<String, String> env;
    private final Map<String, Loader> loaders = new LinkedHashMap<>();

    private Builder(Map<String, String> env) {
      this.env = env;
    }

    /**
     * Adds a {@code --secret} source. A file source must name an existing regular file (checked
     * now, read later), as buildx checks it before the build starts.
     */
    public Builder add(SecretSpec spec) {
      switch (spec.type()) {
        case FILE -> {
          Path path = Path.of(spec.location());
          if (!Files.isRegularFile(path)) {
            throw new SecretsError(
                "secret \""
                    + spec.id()
                    + "\": "
                    + path
                    + (Files.exists(path) ? " is not a regular file" : " does not exist")
                    + "; pass --secret id="
                    + spec.id()
                    + ",src=<file>");
          }
          loaders.put(spec.id(), () -> Optional.of(readFile(spec.id(), path)));
        }
        case ENV -> {
          String name = spec.location();
          loaders.put(
              spec.id(),
              () ->
                  Optional.ofNullable(env.get(name))
                      .map(v -> checkSize(spec.id(), v.getBytes(StandardCharsets.UTF_8))));
        }
      }
      return this;
    }

    /** Adds a value handed over by the caller (e.g. a Jenkins secret file); the bytes are copied. */
    public Builder add(String id, byte[] value) {
      byte[] copy = checkSize(id, value.clone());
      loaders.put(
          id,
          new Loader() {
            @Override
            public Optional<byte[]> load() {
              return Optional.of(copy.clone());
            }

            @Override
            public void wipe() {
              Arrays.fill(copy, (byte) 0);
            }
          });
      return this;
    }

    /** Adds a text value handed over by the caller (e.g. a Jenkins secret text), as UTF-8. */
    public Builder add(String id, char[] value) {
      ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      Arrays.fill(encoded.array(), (byte) 0);
      try {
        return add(id, bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }

    public SecretStore build() {
      return new SecretStore(new LinkedHashMap<>(loaders));
    }
  }

  private static byte[] readFile(String id, Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
      return checkSize(id, bytes);
    } catch (NoSuchFileException e) {
      throw new SecretsError("secret \"" + id + "\": " + path + " no longer exists");
    } catch (IOException e) {
      throw new SecretsError("secret \"" + id + "\": cannot read " + path + ": " + e.getMessage());
    }
  }

  private static byte[] checkSize(String id, byte[] bytes) {
    if (bytes.length > MAX_SECRET_BYTES) {
      Arrays.fill(bytes, (byte) 0);
      throw new SecretsError(
          "secret \"" + id + "\" is larger than " + MAX_SECRET_BYTES / 1024 + " KiB (BuildKit's limit)");
    }
    return bytes;
  }
}
