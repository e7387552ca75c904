package io.multiarchbuild.engine.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code multiarch-build} command as the launcher runs it by default: hands the command line,
 * working directory, environment and standard streams to the user's long-lived build {@link
 * Server} (starting one when none listens) and relays its output, so a run costs a small JVM's
 * start instead of loading and compiling the engine every time.
 *
 * <p>Uses JDK classes only, so it starts in a fraction of the engine's time. When no server can
 * be reached or started, it says so in one line and runs the command in this JVM instead.
 *
 * <p>The launcher passes what the server's JVM needs as system properties (so the choice of JVM,
 * options and class archive stays in the launcher): {@code multiarch.server.key} (changes with the
 * jar and the java binary, so a rebuilt jar never talks to an old server), {@code .jar}, {@code
 * .java}, {@code .jvmopts} (space separated) and {@code .archive} (one option, may be empty).
 */
public final class Client {

  static final String SERVER_CLASS = "io.multiarchbuild.engine.server.Server";
  /** How long a cancelled command may take to clean up before the client gives up waiting. */
  private static final long CANCEL_WAIT_SECONDS = 30;

  /** The process the client runs for: its directory, environment and standard streams. */
  record Caller(Path workingDir, Map<String, String> env, InputStream stdin, OutputStream stdout,
      PrintStream stderr, boolean terminal) {}

  private final Caller caller;
  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean cancelled;
  private Path log;
  private DataOutputStream toServer;

  private Client(Caller caller) {
    this.caller = caller;
  }

  /** The process edge: the only place this process's state is read, and where it exits. */
  public static void main(String[] args) {
    Caller caller = new Caller(Path.of("").toAbsolutePath(), System.getenv(), System.in,
        new FileOutputStream(FileDescriptor.out), System.err, System.console() != null);
    if (args.length > 0 && args[0].equals("server")) {
      System.exit(ServerCommand.run(args, caller));
    }
    Client client = new Client(caller);
    // Once the request is sent, a Ctrl-C/SIGTERM cancels the command on the server and waits for
    // its cleanup (a container killed, snapshots released) before this process ends.
    Runtime.getRuntime().addShutdownHook(new Thread(client::cancelAndWait, "cancel"));
    System.exit(client.run(args));
  }

  /** Runs the command on the server, or in this JVM when there is none to be had; returns the exit code. */
  private int run(String[] args) {
    Path dir;
    try {
      dir = RuntimeDir.ensure(caller.env());
    } catch (IOException e) {
      return inProcess(args, e.getMessage());
    }
    String key = ClientConfig.key();
    log = dir.resolve(key + ".log");
    SocketChannel ch;
    try {
      ch = connect(dir.resolve(key + ".sock"));
      if (ch == null) {
        ch = ServerStarter.start(dir, key, caller.env());
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(Protocol.in(ch), Protocol.MAX_FRAME + 5));
      toServer = new DataOutputStream(new BufferedOutputStream(Protocol.out(ch), 8192));
      handshake(in, toServer);
      sendRequest(args);
      requested.countDown();
      return relay(in);
    } catch (IOException e) {
      return inProcess(args, e.getMessage() + " (log: " + log + ")");
    }
  }

  /** A connection to the server listening on {@code socket}, or null when none does. */
  static SocketChannel connect(Path socket) {
    try {
      return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    } catch (IOException | UnsupportedOperationException e) {
      return null; // no socket file, or a stale one nobody listens on
    }
  }

  private void sendRequest(String[] args) throws IOException {
    toServer.writeByte(Protocol.RUN);
    Protocol.writeString(toServer, caller.workingDir().toString());
    toServer.writeInt(args.length);
    for (String a : args) {
      Protocol.writeString(toServer, a);
    }
    toServer.writeInt(caller.env().size());
    for (Map.Entry<String, String> e : caller.env().entrySet()) {
      Protocol.writeString(toServer, e.getKey());
      Protocol.writeString(toServer, e.getValue());
    }
    toServer.writeBoolean(caller.terminal());
    toServer.flush();
  }

  /** Relays the server's frames until the exit code; returns the process's exit code. */
  private int relay(DataInputStream in) {
    OutputStream stdout = caller.stdout();
    PrintStream stderr = caller.stderr();
    boolean stdoutOpen = true;
    try {
      while (true) {
        byte type = in.readByte();
        byte[] payload = Protocol.readPayload(in);
        switch (type) {
          case Protocol.STDOUT -> {
            if (stdoutOpen) {
              try {
                stdout.write(payload);
              } catch (IOException e) {
                stdoutOpen = false; // reader went away (| head): drop the rest, as a PrintStream would
              }
            }
          }
          case Protocol.STDERR -> {
            stderr.write(payload, 0, payload.length);
            stderr.flush();
          }
          case Protocol.STDIN_WANTED -> startStdinPump();
          case Protocol.EXIT -> {
            finished.countDown();
            return Protocol.intOf(payload);
          }
          default -> throw new IOException("unexpected frame type " + type + " from the build server");
        }
      }
    } catch (IOException e) {
      // The request was sent: never run it again in-process (it may have half happened).
      finished.countDown();
      if (cancelled) {
        return 130;
      }
      stderr.println("multiarch-build: lost the build server before the command finished ("
          + (e instanceof EOFException ? "connection closed" : e.getMessage()) + "); see its log " + log);
      return 70;
    }
  }

  static void handshake(DataInputStream in, DataOutputStream out) throws IOException {
    out.writeInt(Protocol.MAGIC);
    out.writeInt(Protocol.VERSION);
    out.flush();
    int magic = in.readInt();
    int version = in.readInt();
    if (magic != Protocol.MAGIC || version != Protocol.VERSION) {
      throw new IOException("the build server speaks protocol " + version + ", this client " + Protocol.VERSION
          + "; stop that server (its pid is in its log) or remove its socket");
    }
  }

  /** Forwards our stdin, only once the command asked for it: reading unasked would steal a pipeline's input. */
  private void startStdinPump() {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[Protocol.MAX_FRAME];
      try {
        InputStream stdin = caller.stdin();
        int n;
        while ((n = stdin.read(buf)) >= 0) {
          send(Protocol.STDIN, buf, n);
        }
      } catch (IOException e) {
        // our stdin failed or the server went away: the command sees end of input
      }
      try {
        send(Protocol.STDIN_EOF, buf, 0);
      } catch (IOException e) {
        // the server went away; the main loop reports it
      }
    }, "stdin");
    t.setDaemon(true);
    t.start();
  }

  private void send(byte type, byte[] payload, int len) throws IOException {
    synchronized (this) {
      Protocol.writeFrame(toServer, type, payload, 0, len);
    }
  }

  /** The shutdown hook: on a signal before the command finished, cancel it and wait for its exit. */
  private void cancelAndWait() {
    if (requested.getCount() != 0 || finished.getCount() == 0) {
      return; // nothing sent yet (the JVM just exits), or a normal exit
    }
    cancelled = true;
    try {
      send(Protocol.CANCEL, new byte[0], 0);
      if (!finished.await(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS)) {
        caller.stderr().println("multiarch-build: the build server did not finish cancelling within "
            + CANCEL_WAIT_SECONDS + " s; it goes on cleaning up");
      }
    } catch (IOException e) {
      // connection gone: the server cancels the command itself
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(130);
  }

  /**
   * Runs the command in this JVM, after one line saying why the server was not used. Through {@code
   * cli.Main.main}, which treats this process as the caller and exits; reflectively, so the normal
   * path never loads an engine class.
   */
  private int inProcess(String[] args, String why) {
    caller.stderr().println("multiarch-build: warning: not using the build server: " + why + "; running in this process");
    try {
      Class<?> main = Class.forName("io.multiarchbuild.engine.cli.Main");
      main.getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot run the command line in-process", e);
    }
    return 0; // not reached: Main.main exits
  }
}
