package io.multiarchbuild.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads Docker's {@code config.json} the way the docker CLI does: a per-registry {@code credHelpers}
 * entry wins, then the global {@code credsStore}, then the {@code auths} entry ({@code auth} =
 * base64 "user:password", or {@code username}/{@code password}, or {@code identitytoken}). The file is
 * read on every lookup so a {@code docker login} during a long build is seen.
 */
final class DockerConfigCredentials implements CredentialStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The key Docker Hub's credentials are stored under, for historical reasons. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final long HELPER_TIMEOUT_SECONDS = 60;

  private final Path configFile;
  private final List<Path> helperPath;
  private final Map<String, String> helperEnv;

  /** @param helperEnv the whole environment credential helpers run with (the caller's) */
  DockerConfigCredentials(Path configFile, List<Path> helperPath, Map<String, String> helperEnv) {
    this.configFile = configFile;
    this.helperPath = List.copyOf(helperPath);
    this.helperEnv = Map.copyOf(helperEnv);
  }

  @Override
  public Optional<Credentials> lookup(String registry) {
    if (!Files.isRegularFile(configFile)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(configFile.toFile());
    } catch (IOException e) {
      throw new CredentialError("cannot read Docker config " + configFile + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CredentialError("cannot read Docker config " + configFile + ": not a JSON object");
    }
    JsonNode helpers = root.path("credHelpers");
    for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (normaliseKey(e.getKey()).equals(registry)) {
        return runHelper(e.getValue().asText(), registry);
      }
    }
    String store = root.path("credsStore").asText("");
    if (!store.isEmpty()) {
      return runHelper(store, registry);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (normaliseKey(e.getKey()).equals(registry)) {
        return fromAuthEntry(e.getKey(), e.getValue());
      }
    }
    return Optional.empty();
  }

  /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://host:5000/x} → {@code host:5000}. */
  static String normaliseKey(String key) {
    String k = key;
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    if (k.equals("index.docker.io") || k.equals("registry-1.docker.io")) {
      return ImageReference.DOCKER_HUB;
    }
    return k;
  }

  private Optional<Credentials> fromAuthEntry(String key, JsonNode entry) {
    String identity = entry.path("identitytoken").asText("");
    if (!identity.isEmpty()) {
      return Optional.of(Credentials.identityToken(identity));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new CredentialError("Docker config " + configFile + ": \"auth\" of " + key + " is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new CredentialError("Docker config " + configFile + ": \"auth\" of " + key
            + " is not base64 of user:password");
      }
      return Optional.of(Credentials.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    String user = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (!user.isEmpty()) {
      return Optional.of(Credentials.basic(user, password));
    }
    return Optional.empty();
  }

  /** Runs {@code docker-credential-<name> get}, server URL on stdin, JSON on stdout. */
  private Optional<Credentials> runHelper(String name, String registry) {
    String program = "docker-credential-" + name;
    Path exe = helperPath.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new CredentialError("credential helper " + program
            + " (named in " + configFile + ") is not on PATH"));
    String serverUrl = registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
    try {
      ProcessBuilder pb = new ProcessBuilder(exe.toString(), "get").redirectErrorStream(false);
      pb.environment().clear();
      pb.environment().putAll(helperEnv);
      if (configFile.getParent() != null && Files.isDirectory(configFile.getParent())) {
        pb.directory(configFile.getParent().toFile()); // not the JVM's working directory
      }
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out = readAll(p.getInputStream());
      byte[] err = readAll(p.getErrorStream());
      if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new CredentialError(program + " get did not finish within " + HELPER_TIMEOUT_SECONDS + "s");
      }
      String text = new String(out, StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) {
        // Helpers say "credentials not found in native keychain" for unknown servers: anonymous.
        String msg = (text + " " + new String(err, StandardCharsets.UTF_8)).trim();
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
          return Optional.empty();
        }
        throw new CredentialError(program + " get for " + registry + " failed (exit " + p.exitValue() + "): "
            + firstLine(msg));
      }
      JsonNode node = JSON.readTree(text);
      String user = node.path("Username").asText("");
      String secret = node.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(user.equals("<token>") ? Credentials.identityToken(secret) : Credentials.basic(user, secret));
    } catch (IOException e) {
      throw new CredentialError(program + " get for " + registry + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialError(program + " get for " + registry + " was interrupted", e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toByteArray();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
