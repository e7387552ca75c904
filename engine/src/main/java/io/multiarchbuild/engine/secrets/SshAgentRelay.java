package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
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

  private final PrivateSocket listener;
  private final Path upstream;

  private SshAgentRelay(PrivateSocket listener, Path upstream) {
    this.listener = listener;
    this.upstream = upstream;
  }

  /**
   * Starts relaying from a new socket in a private directory inside {@code parent} to {@code
   * upstream}.
   */
  public static SshAgentRelay start(Path parent, Path upstream) {
    // the mount sets this socket's mode, so it is not made owner-only here
    PrivateSocket listener = PrivateSocket.listen(parent, "ssh-relay-", "an ssh socket directory", false);
    SshAgentRelay relay = new SshAgentRelay(listener, upstream);
    listener.accept(threadName("accept"), relay::relay);
    return relay;
  }

  /** The relay's own socket, to mount into the container. */
  public Path socket() {
    return listener.socket();
  }

  private void relay(SocketChannel client) {
    SocketChannel agent;
    try {
      agent = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
    } catch (IOException e) {
      PrivateSocket.closeQuietly(client); // the agent went away: the client sees a closed connection, as with a dead agent
      return;
    }
    listener.track(client);
    listener.track(agent);
    PrivateSocket.daemon(() -> pump(client, agent), threadName("up")).start();
    PrivateSocket.daemon(() -> pump(agent, client), threadName("down")).start();
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
      PrivateSocket.closeQuietly(from);
      PrivateSocket.closeQuietly(to);
      listener.untrack(from);
      listener.untrack(to);
    }
  }

  /** Stops accepting, drops every relayed connection, removes the socket and its directory. */
  @Override
  public void close() {
    listener.close(() -> {});
  }

  private static String threadName(String what) {
    return "ssh-relay-" + what + "-" + THREADS.incrementAndGet();
  }
}
