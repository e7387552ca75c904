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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process, read-only ssh-agent serving {@link SshKey}s over a Unix-domain socket, for
 * {@code --ssh id=KEY[,KEY]} and for keys the caller hands over (Jenkins SSH credentials). It lists
 * its identities and signs with them; it refuses to add, remove or lock keys.
 *
 * <p>The socket lives in a new directory created 0700 in one step (so nobody else can reach the
 * socket even before its own mode is set to 0600); nothing but the socket is ever in it — the keys
 * stay in this process's memory. {@link #close()} stops serving and removes socket and directory.
 *
 * <p>The socket belongs to the builder (root); a container process running as another user reaches
 * it through the {@code RUN --mount=type=ssh} mount, whose uid/gid/mode (default 0/0/0600) the
 * wiring applies to a per-run socket.
 */
public final class SshAgentServer implements AutoCloseable {

  /** More concurrent clients than this get their connection closed; a build needs a handful. */
  static final int MAX_CLIENTS = 32;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Path directory;
  private final Path socket;
  private final ServerSocketChannel server;
  private final AgentProtocol protocol;
  private final ThreadPoolExecutor workers;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private SshAgentServer(Path directory, ServerSocketChannel server, List<SshKey> keys) {
    this.directory = directory;
    this.socket = directory.resolve("agent.sock");
    this.server = server;
    this.protocol = new AgentProtocol(keys);
    this.workers =
        new ThreadPoolExecutor(
            0, MAX_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), SshAgentServer::daemon);
    this.acceptor = daemon(this::acceptLoop);
  }

  /**
   * Starts an agent serving {@code keys} on a socket in a new private directory inside {@code
   * parent} (which must exist; e.g. the build's runtime directory).
   */
  public static SshAgentServer start(Path parent, List<SshKey> keys) {
    Path dir;
    try {
      dir = Files.createTempDirectory(parent, "ssh-agent-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new SecretsError("cannot create the ssh-agent directory in " + parent + ": " + e.getMessage(), e);
    }
    Path sock = dir.resolve("agent.sock");
    ServerSocketChannel server;
    try {
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(sock));
      Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      deleteQuietly(sock);
      deleteQuietly(dir);
      throw new SecretsError("cannot listen on " + sock + ": " + e.getMessage(), e);
    }
    SshAgentServer agent = new SshAgentServer(dir, server, keys);
    agent.acceptor.start();
    return agent;
  }

  /** The agent's socket, for {@code SSH_AUTH_SOCK} (and for mounting into a container). */
  public Path socket() {
    return socket;
  }

  /** The private directory holding the socket. */
  public Path directory() {
    return directory;
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
      clients.add(client);
      try {
        workers.execute(() -> serve(client));
      } catch (RejectedExecutionException e) {
        closeQuietly(client);
      }
    }
  }

  /** Serves one connection: length-framed requests in, responses out, until EOF or a bad frame. */
  private void serve(SocketChannel client) {
    try (client) {
      ByteBuffer header = ByteBuffer.allocate(4);
      while (!closed) {
        header.clear();
        if (!readFully(client, header)) {
          return;
        }
        int length = header.flip().getInt();
        if (length <= 0 || length > AgentProtocol.MAX_MESSAGE) {
          return; // a stream we cannot resynchronise: drop this client, keep serving others
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (!readFully(client, body)) {
          return;
        }
        byte[] response = protocol.handle(body.array());
        ByteBuffer out = ByteBuffer.allocate(4 + response.length);
        out.putInt(response.length).put(response).flip();
        while (out.hasRemaining()) {
          client.write(out);
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to report
    } finally {
      clients.remove(client);
    }
  }

  private static boolean readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Stops accepting, drops every connection, removes the socket and its directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    clients.forEach(SshAgentServer::closeQuietly);
    workers.shutdownNow();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteQuietly(socket);
    deleteQuietly(directory);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "ssh-agent-" + THREADS.incrementAndGet());
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
      // nothing more to do; the parent directory's owner cleans up
    }
  }
}
