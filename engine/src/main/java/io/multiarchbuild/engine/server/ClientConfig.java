package io.multiarchbuild.engine.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the launcher tells the client about the server's JVM (system properties, see {@link
 * Client}), and the idle timeout from {@code MULTIARCH_BUILD_SERVER_IDLE}.
 */
final class ClientConfig {

  /** Minutes without a request after which a server exits, unless MULTIARCH_BUILD_SERVER_IDLE says otherwise. */
  static final long DEFAULT_IDLE_MINUTES = 30;

  private ClientConfig() {}

  /** Names the socket: changes with the jar and the java binary. */
  static String key() {
    String key = System.getProperty("multiarch.server.key", "");
    // it becomes a file name: keep it to the launcher's digits and dashes
    if (!key.matches("[0-9A-Za-z.-]{1,100}")) {
      throw new IllegalStateException("run the client through bin/multiarch-build (multiarch.server.key is '" + key + "')");
    }
    return key;
  }

  /** The server's JVM command line, up to (excluding) the main class's arguments. */
  static List<String> serverCommand(Map<String, String> env) {
    String java = System.getProperty("multiarch.server.java", "java");
    String jar = System.getProperty("multiarch.server.jar");
    if (jar == null) {
      throw new IllegalStateException("run the client through bin/multiarch-build (multiarch.server.jar is unset)");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    words(System.getProperty("multiarch.server.jvmopts", ""), cmd);
    String archive = System.getProperty("multiarch.server.archive", "");
    if (!archive.isEmpty()) {
      cmd.add(archive);
    }
    // An idle server should hand its heap back: a periodic concurrent cycle when idle (G1 has none
    // otherwise until the next allocation), and a heap shrunk to what is live.
    cmd.add("-XX:G1PeriodicGCInterval=60000");
    cmd.add("-XX:MinHeapFreeRatio=10");
    cmd.add("-XX:MaxHeapFreeRatio=30");
    // the user's options last, so they win (as the launcher does in-process)
    words(env.getOrDefault("MULTIARCH_BUILD_JAVA_OPTS", ""), cmd);
    cmd.add("-cp");
    cmd.add(jar);
    cmd.add(Client.SERVER_CLASS);
    return cmd;
  }

  /** The jar the server runs (it exits when that file changes). */
  static String jar() {
    return System.getProperty("multiarch.server.jar", "");
  }

  /**
   * The idle timeout in milliseconds: MULTIARCH_BUILD_SERVER_IDLE in minutes, or with an {@code s}
   * suffix in seconds (tests); the default when unset or malformed.
   */
  static long idleMillis(Map<String, String> env) {
    String v = env.getOrDefault("MULTIARCH_BUILD_SERVER_IDLE", "").strip();
    try {
      if (v.endsWith("s")) {
        return Math.max(1, Long.parseLong(v.substring(0, v.length() - 1))) * 1000;
      }
      if (!v.isEmpty()) {
        return Math.max(1, Long.parseLong(v)) * 60_000;
      }
    } catch (NumberFormatException e) {
      // the default
    }
    return DEFAULT_IDLE_MINUTES * 60_000;
  }

  /** Splits on white space, as the launcher's shell splits MULTIARCH_BUILD_JAVA_OPTS. */
  private static void words(String s, List<String> into) {
    for (String w : s.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        into.add(w);
      }
    }
  }
}
