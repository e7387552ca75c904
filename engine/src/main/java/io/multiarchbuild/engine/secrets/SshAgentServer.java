package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
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

  private final PrivateSocket listener;
  private final AgentProtocol protocol;
  private final ThreadPoolExecutor workers;

  private SshAgentServer(PrivateSocket listener, List<SshKey> keys) {
    this.listener = listener;
    this.protocol = new AgentProtocol(keys);
    this.workers =
        new ThreadPoolExecutor(
            0, MAX_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), SshAgentServer::daemon);
  }

  /**
   * Starts an agent serving {@code keys} on a socket in a new private directory inside {@code
   * parent} (which must exist; e.g. the build's runtime directory).
   */
  public static SshAgentServer start(Path parent, List<SshKey> keys) {
    PrivateSocket listener = PrivateSocket.listen(parent, "ssh-agent-", "the ssh-agent directory", true);
    SshAgentServer agent = new SshAgentServer(listener, keys);
    listener.accept(threadName(), agent::dispatch);
    return agent;
  }

  /** The agent's socket, for {@code SSH_AUTH_SOCK} (and for mounting into a container). */
  public Path socket() {
    return listener.socket();
  }

  /** The private directory holding the socket. */
  public Path directory() {
    return listener.directory();
  }

  private void dispatch(SocketChannel client) {
    listener.track(client);
    try {
      workers.execute(() -> serve(client));
    } catch (RejectedExecutionException e) {
      PrivateSocket.closeQuietly(client);
    }
  }

  /** Serves one connection: length-framed requests in, responses out, until EOF or a bad frame. */
  private void serve(SocketChannel client) {
    try (client) {
      ByteBuffer header = ByteBuffer.allocate(4);
      while (!listener.closed()) {
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
      listener.untrack(client);
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
    listener.close(workers::shutdownNow);
  }

  private static Thread daemon(Runnable r) {
    return PrivateSocket.daemon(r, threadName());
  }

  private static String threadName() {
    return "ssh-agent-" + THREADS.incrementAndGet();
  }
}
