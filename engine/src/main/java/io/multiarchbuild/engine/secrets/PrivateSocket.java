package io.multiarchbuild.engine.secrets;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A listening Unix-domain socket alone in a new directory created 0700 in one step (so nobody else
 * can reach the socket even before its own mode is set), with the accept loop and the bookkeeping of
 * open connections that both the in-process agent ({@link SshAgentServer}) and the per-RUN relay
 * ({@link SshAgentRelay}) need. What to do with a connection is the owner's business; {@link
 * #close(Runnable)} stops accepting, drops every tracked connection and removes socket and directory.
 */
final class PrivateSocket {

  private final Path directory;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private volatile Thread acceptor;
  private volatile boolean closed;

  private PrivateSocket(Path directory, Path socket, ServerSocketChannel server) {
    this.directory = directory;
    this.socket = socket;
    this.server = server;
  }

  /**
   * Binds {@code agent.sock} in a new private directory named {@code prefix...} inside {@code parent}.
   *
   * @param what the directory as an error message names it ("the ssh-agent directory")
   * @param ownerOnly whether to set the socket itself to 0600 (otherwise the caller sets its mode)
   */
  static PrivateSocket listen(Path parent, String prefix, String what, boolean ownerOnly) {
    Path dir;
    try {
      dir = Files.createTempDirectory(parent, prefix,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new SecretsError("cannot create " + what + " in " + parent + ": " + e.getMessage(), e);
    }
    Path sock = dir.resolve("agent.sock");
    ServerSocketChannel server = null;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(sock));
      if (ownerOnly) {
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      if (server != null) {
        closeQuietly(server);
      }
      deleteQuietly(sock);
      deleteQuietly(dir);
      throw new SecretsError("cannot listen on " + sock + ": " + e.getMessage(), e);
    }
    return new PrivateSocket(dir, sock, server);
  }

  /**
   * Starts a daemon thread named {@code threadName} that hands every accepted connection to {@code
   * onAccept}, which tracks it and hands it on to other threads (it must not block the loop).
   */
  void accept(String threadName, Consumer<SocketChannel> onAccept) {
    acceptor = daemon(() -> acceptLoop(onAccept), threadName);
    acceptor.start();
  }

  private void acceptLoop(Consumer<SocketChannel> onAccept) {
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
      onAccept.accept(client);
    }
  }

  Path socket() {
    return socket;
  }

  Path directory() {
    return directory;
  }

  boolean closed() {
    return closed;
  }

  /** Tracks a connection so that {@link #close(Runnable)} drops it. */
  void track(SocketChannel channel) {
    open.add(channel);
  }

  /** Forgets a connection that is over. */
  void untrack(SocketChannel channel) {
    open.remove(channel);
  }

  /**
   * Stops accepting, drops every tracked connection, runs {@code thenStop} (the owner stops its own
   * threads), waits for the accept loop, and removes the socket and its directory. Idempotent.
   */
  void close(Runnable thenStop) {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    open.forEach(PrivateSocket::closeQuietly);
    thenStop.run();
    if (acceptor != null) {
      try {
        acceptor.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deleteQuietly(socket);
    deleteQuietly(directory);
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static void closeQuietly(Closeable c) {
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
      // nothing more to do; the owner of the parent directory removes it after the build
    }
  }
}
