package io.multiarchbuild.engine.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks up the credentials for a registry host (as in {@link ImageReference#registry()}, e.g.
 * {@code docker.io} or {@code 127.0.0.1:5001}). Empty means anonymous.
 */
@FunctionalInterface
public interface CredentialStore {

  Optional<Credentials> lookup(String registry);

  /** No credentials anywhere: every registry is used anonymously. */
  static CredentialStore anonymous() {
    return registry -> Optional.empty();
  }

  /** Fixed credentials per registry host (what the Jenkins step passes in). */
  static CredentialStore of(Map<String, Credentials> byRegistry) {
    Map<String, Credentials> copy = Map.copyOf(byRegistry);
    return registry -> Optional.ofNullable(copy.get(registry));
  }

  /**
   * Docker's {@code config.json} of the caller whose environment is {@code env}: {@code
   * $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json} (a missing file, or neither
   * variable set, means no credentials). Credential helpers are looked up on the caller's {@code PATH}
   * and run with the caller's environment (keychain helpers need its {@code HOME}, D-Bus address, ...).
   * The environment is a parameter, not the JVM's: a build server serves callers with different ones.
   */
  static CredentialStore dockerConfig(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    String home = env.get("HOME");
    if ((dir == null || dir.isEmpty()) && (home == null || home.isEmpty())) {
      return anonymous();
    }
    Path file = dir != null && !dir.isEmpty()
        ? Path.of(dir, "config.json")
        : Path.of(home, ".docker", "config.json");
    return new DockerConfigCredentials(file, pathDirectories(env.get("PATH")), env);
  }

  /**
   * A given Docker {@code config.json}, with credential helpers looked up in {@code helperPath} (and
   * run with only that as their {@code PATH}).
   */
  static CredentialStore dockerConfig(Path configFile, List<Path> helperPath) {
    String path = String.join(java.io.File.pathSeparator, helperPath.stream().map(Path::toString).toList());
    return new DockerConfigCredentials(configFile, helperPath, Map.of("PATH", path));
  }

  /** The first store that knows the registry wins. */
  static CredentialStore firstOf(CredentialStore... stores) {
    List<CredentialStore> list = List.copyOf(Arrays.asList(stores));
    return registry -> {
      for (CredentialStore s : list) {
        Optional<Credentials> c = s.lookup(registry);
        if (c.isPresent()) {
          return c;
        }
      }
      return Optional.empty();
    };
  }

  private static List<Path> pathDirectories(String path) {
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String p : path.split(java.io.File.pathSeparator)) {
        // relative entries are skipped: they would name a different directory for every caller
        if (!p.isEmpty() && Path.of(p).isAbsolute()) {
          dirs.add(Path.of(p));
        }
      }
    }
    return dirs;
  }
}
