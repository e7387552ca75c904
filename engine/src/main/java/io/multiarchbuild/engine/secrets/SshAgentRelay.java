package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket made for one {@code RUN --mount=type=ssh}: every connection to it is relayed byte for
 * byte to an agent socket (the caller's forwarded agent or an in-process {@link SshAgentServer}).
 * The mount's uid/gid/mode are applied to this socket, never to the agent's own, so the caller's
 * {@code SSH_AUTH_SOCK} keeps its owner and a container user can still reach the agent. The socket
 * sits alone in a new 0700 directory; {@link #close()} drops every connection and removes both.
 */
public final class SshAgentRelay implements AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Path directory;
  private final Path socket;
  private final Path upstream;
  private final ServerSocketChannel server;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private SshAgentRelay(Path directory, Path socket, Path upstream, ServerSocketChannel server) {
    this.directory = directory;
    this.socket = socket;
    this.upstream = upstream;
    this.server = server;
    this.acceptor = daemon(this::acceptLoop, "accept");
  }

  /**
   * Starts relaying from a new socket in a private directory inside {@code parent} to {@code
   * upstream}.
   */
  public static SshAgentRelay start(Path parent, Path upstream) {
    Path dir;
    try {
      dir = Files.createTempDirectory(parent, "ssh-relay-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new SecretsError("cannot create an ssh socket directory in " + parent + ": " + e.getMessage(), e);
    }
    Path sock = dir.resolve("agent.sock");
    ServerSocketChannel server = null;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(sock));
    } catch (IOException e) {
      if (server != null) {
        closeQuietly(server);
      }
      deleteQuietly(sock);
      deleteQuietly(dir);
      throw new SecretsError("cannot listen on " + sock + ": " + e.getMessage(), e);
    }
    SshAgentRelay relay = new SshAgentRelay(dir, sock, upstream, server);
    relay.acceptor.start();
    return relay;
  }

  /** The relay's own socket, to mount into the container. */
  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      SocketChannel agent;
      try {
        agent = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
      } catch (IOException e) {
        closeQuietly(client); // the agent went away: the client sees a closed connection, as with a dead agent
        continue;
      }
      open.add(client);
      open.add(agent);
      daemon(() -> pump(client, agent), "up").start();
      daemon(() -> pump(agent, client), "down").start();
    }
  }

  /** Copies one direction until EOF, then closes both ends (the agent protocol is strictly request/response). */
  private void pump(SocketChannel from, SocketChannel to) {
    ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
    try {
      while (from.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          to.write(buf);
        }
        buf.clear();
      }
    } catch (IOException e) {
      // either side closed: the connection is over
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  /** Stops accepting, drops every relayed connection, removes the socket and its directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    open.forEach(SshAgentRelay::closeQuietly);
    try {
      acceptor.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteQuietly(socket);
    deleteQuietly(directory);
  }

  private static Thread daemon(Runnable r, String what) {
    Thread t = new Thread(r, "ssh-relay-" + what + "-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // the caller's runtime directory is removed after the build
    }
  }
}
