package io.multiarchbuild.engine.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user's long-lived build server: listens on a unix-domain socket in the user's private
 * runtime directory and runs each client's command line ({@code cli.Main.run}) on a thread of its
 * own, several at once, with the caller's directory, environment and streams. Warm (classes
 * loaded, code compiled), it answers a fully cached build in a fraction of a fresh JVM's time.
 *
 * <p>It exits, removing its socket: after {@code idle} without a request; when its jar changes
 * (a rebuilt jar gets a server of its own, under another socket name); on {@code server stop}
 * once running commands finish; on SIGTERM after cancelling them.
 *
 * <p>Arguments: socket path, idle timeout in milliseconds, the jar file it runs from.
 */
public final class Server {

  private static final Duration JAR_CHECK = Duration.ofSeconds(30);
  private static final long SHUTDOWN_WAIT_SECONDS = 60;

  private final Path socket;
  private final long idleMillis;
  private final Path jar;
  private final String jarIdentity;
  private final ServerLog log;
  private final long started = System.currentTimeMillis();
  private final Set<Connection> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong served = new AtomicLong();
  private volatile long lastActivity = System.currentTimeMillis();
  private volatile boolean stopping;
  private ServerSocketChannel listener;

  private Server(Path socket, long idleMillis, Path jar) throws IOException {
    this.socket = socket;
    this.idleMillis = idleMillis;
    this.jar = jar;
    this.jarIdentity = identity(jar);
    String name = socket.getFileName().toString();
    this.log = new ServerLog(socket.resolveSibling(name.replaceFirst("\\.sock$", "") + ".log"));
  }

  /** The process edge: SIGTERM cancels running commands (the hook), and the process exits when serving ends. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: Server SOCKET IDLE_MILLIS JAR (started by the multiarch-build client)");
    }
    Server server = new Server(Path.of(args[0]), Long.parseLong(args[1]), Path.of(args[2]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::cancelAll, "shutdown"));
    server.serve();
    System.exit(0);
  }

  private void serve() throws IOException, InterruptedException {
    listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    Files.deleteIfExists(socket); // stale, left by a killed server (the starting client holds the lock)
    listener.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    log.log("started: pid " + pid() + ", java " + Runtime.version() + ", idle timeout " + idleMillis / 1000 + " s");
    Thread watch = new Thread(this::watch, "watch");
    watch.setDaemon(true);
    watch.start();
    try {
      while (!stopping) {
        Connection c = new Connection(this, listener.accept());
        running.add(c); // from the accept on: an exit waits for every connection it took
        new Thread(c::serve, "request").start();
      }
    } catch (IOException e) {
      if (!stopping) {
        log.log("listener failed: " + e);
        stop("listener failed");
      }
    }
    // stopping: wait for running commands, then exit (the shutdown hook finds none left)
    while (!running.isEmpty()) {
      Thread.sleep(100);
    }
    log.log("exited");
  }

  /** Stops accepting and removes the socket; running commands finish and the server then exits. */
  synchronized void stop(String why) {
    if (stopping) {
      return;
    }
    stopping = true;
    log.log("stopping: " + why);
    try {
      Files.deleteIfExists(socket);
      listener.close();
    } catch (IOException e) {
      log.log("closing the listener: " + e);
    }
  }

  /** Periodically: exit when idle long enough or when the jar was replaced. */
  private void watch() {
    long period = Math.max(100, Math.min(JAR_CHECK.toMillis(), idleMillis / 4));
    long lastJarCheck = System.currentTimeMillis();
    while (!stopping) {
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.currentTimeMillis();
      if (running.isEmpty() && now - lastActivity >= idleMillis) {
        stop("idle for " + (now - lastActivity) / 1000 + " s");
      } else if (now - lastJarCheck >= JAR_CHECK.toMillis()) {
        lastJarCheck = now;
        if (!identity(jar).equals(jarIdentity)) {
          stop("its jar " + jar + " changed");
        }
      }
    }
  }

  /** SIGTERM (or any exit): cancel running commands and give them time to clean up. */
  private void cancelAll() {
    stop("shutting down");
    for (Connection c : running) {
      c.cancel("server shutting down");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS);
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** A command starts (status and stop do not count: polling them must not keep an idle server alive). */
  void begin() {
    lastActivity = System.currentTimeMillis();
    served.incrementAndGet();
  }

  /** A connection ends; one that ran a command restarts the idle clock. */
  void end(Connection c, boolean ranCommand) {
    if (ranCommand) {
      lastActivity = System.currentTimeMillis();
    }
    running.remove(c);
  }

  ServerLog log() {
    return log;
  }

  /** What {@code server status} prints. */
  String status() {
    long up = (System.currentTimeMillis() - started) / 1000;
    return "build server running: pid " + pid() + ", up " + up / 3600 + "h" + up / 60 % 60 + "m" + up % 60 + "s, "
        + served.get() + " requests served, " + (running.size() - 1) + " running\n" // less the asking one
        + "  socket: " + socket + "\n"
        + "  log:    " + log.file() + "\n"
        + "  idle timeout: " + idleMillis / 1000 + " s\n";
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  private static String identity(Path file) {
    try {
      return Files.size(file) + "-" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return "missing";
    }
  }
}
