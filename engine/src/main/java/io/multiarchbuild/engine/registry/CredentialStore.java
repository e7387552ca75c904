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
   * Docker's {@code config.json}: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}
   * (a missing file means no credentials); credential helpers are looked up on {@code PATH}.
   */
  static CredentialStore dockerConfig() {
    String dir = System.getenv("DOCKER_CONFIG");
    Path file = dir != null && !dir.isEmpty()
        ? Path.of(dir, "config.json")
        : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    return dockerConfig(file, pathDirectories());
  }

  /** A given Docker {@code config.json}, with credential helpers looked up in {@code helperPath}. */
  static CredentialStore dockerConfig(Path configFile, List<Path> helperPath) {
    return new DockerConfigCredentials(configFile, helperPath);
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

  private static List<Path> pathDirectories() {
    String path = System.getenv("PATH");
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String p : path.split(java.io.File.pathSeparator)) {
        if (!p.isEmpty()) {
          dirs.add(Path.of(p));
        }
      }
    }
    return dirs;
  }
}
