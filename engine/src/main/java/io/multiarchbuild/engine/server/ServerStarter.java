package io.multiarchbuild.engine.server;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the build server for the client that found none listening: detached (its own session,
 * so the terminal's Ctrl-C never reaches it; its output to the log, never to the client's
 * streams, or a caller reading our output to its end would wait for the server to exit), one at
 * a time (a lock file: two clients starting at once start one server), then connects.
 */
final class ServerStarter {

  private static final long START_TIMEOUT_MILLIS = 15_000;

  /**
   * Variables the server process keeps from the client that starts it. Each request brings its
   * caller's full environment; the server's own is only for what runs before any request, and
   * should not keep one caller's secrets for the server's life.
   */
  private static final List<String> KEPT_ENV = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "TZ", "TMPDIR");

  private ServerStarter() {}

  /** Starts a server (or finds one another client just started) and connects; throws when it cannot. */
  static SocketChannel start(Path dir, String key, Map<String, String> env) throws IOException {
    Path socket = dir.resolve(key + ".sock");
    Path log = dir.resolve(key + ".log");
    try (FileChannel lock = FileChannel.open(dir.resolve(key + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lock.lock()) {
      SocketChannel ch = Client.connect(socket);
      if (ch != null) {
        return ch; // started by another client while we waited for the lock
      }
      Files.deleteIfExists(socket); // a stale one: its server was killed
      Path setsid = setsid(env);
      List<String> cmd = new ArrayList<>();
      cmd.add(setsid.toString());
      cmd.addAll(ClientConfig.serverCommand(env));
      cmd.add(socket.toString());
      cmd.add(Long.toString(ClientConfig.idleMillis(env)));
      cmd.add(ClientConfig.jar());
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(dir.toFile())
          .redirectInput(new File("/dev/null"))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> serverEnv = pb.environment();
      serverEnv.clear();
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (KEPT_ENV.contains(e.getKey()) || e.getKey().startsWith("LC_") || e.getKey().startsWith("XDG_")) {
          serverEnv.put(e.getKey(), e.getValue());
        }
      }
      Process p = pb.start();
      long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
      while (System.nanoTime() < deadline) {
        ch = Client.connect(socket);
        if (ch != null) {
          return ch;
        }
        if (!p.isAlive()) {
          throw new IOException("the build server exited at start with " + p.exitValue());
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while starting the build server");
        }
      }
      p.destroy();
      throw new IOException("the build server did not listen within " + START_TIMEOUT_MILLIS / 1000 + " s");
    }
  }

  private static Path setsid(Map<String, String> env) throws IOException {
    for (String dir : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "setsid");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IOException("setsid (util-linux) is not on PATH, so the build server cannot be detached");
  }
}
