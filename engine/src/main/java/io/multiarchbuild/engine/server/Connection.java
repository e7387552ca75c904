package io.multiarchbuild.engine.server;

import io.multiarchbuild.engine.cli.Invocation;
import io.multiarchbuild.engine.cli.Main;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client connection on its own thread: a {@code server status}/{@code stop} answer, or one
 * command line run with the caller's directory, environment and streams (a {@link Relay}). A
 * CANCEL frame or the client's disappearance interrupts the command, which cleans up and returns.
 */
final class Connection {

  /** Command names the log may show; anything else (an option, a typo, a secret) is logged as "-". */
  private static final Set<String> COMMANDS = Set.of("build", "dockerfile", "plan", "image", "du", "prune", "help");

  private final Server server;
  private final SocketChannel ch;
  private Thread runner;
  private boolean done;
  private String cancelled;

  Connection(Server server, SocketChannel ch) {
    this.server = server;
    this.ch = ch;
  }

  void serve() {
    try (ch) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(Protocol.in(ch), Protocol.MAX_FRAME + 5));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Protocol.out(ch), Protocol.MAX_FRAME + 5));
      int magic = in.readInt();
      int version = in.readInt();
      out.writeInt(Protocol.MAGIC);
      out.writeInt(Protocol.VERSION);
      out.flush();
      if (magic != Protocol.MAGIC || version != Protocol.VERSION) {
        server.log().log("refused a client of protocol " + version);
        return;
      }
      byte kind = in.readByte();
      switch (kind) {
        case Protocol.STATUS -> answer(out, server.status());
        case Protocol.STOP -> {
          answer(out, "build server (pid " + Server.pid() + ") stops once its running commands finish\n");
          server.stop("server stop");
        }
        case Protocol.RUN -> run(in, out);
        default -> server.log().log("unknown request kind " + kind);
      }
    } catch (IOException e) {
      server.log().log("connection failed: " + e);
    } finally {
      server.end(this, runner != null); // last: a shutdown waits for this, and the log line is written by then
    }
  }

  private static void answer(DataOutputStream out, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    Protocol.writeFrame(out, Protocol.STDOUT, b, 0, b.length);
    byte[] code = Protocol.intPayload(0);
    Protocol.writeFrame(out, Protocol.EXIT, code, 0, code.length);
  }

  private void run(DataInputStream in, DataOutputStream out) throws IOException {
    String cwd = Protocol.readString(in);
    int n = in.readInt();
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      args.add(Protocol.readString(in));
    }
    int e = in.readInt();
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < e; i++) {
      env.put(Protocol.readString(in), Protocol.readString(in));
    }
    boolean terminal = in.readBoolean();

    Relay relay = new Relay(out);
    synchronized (this) {
      runner = Thread.currentThread();
    }
    server.begin();
    runCommand(in, relay, cwd, args, env, terminal);
  }

  private void runCommand(DataInputStream in, Relay relay, String cwd, List<String> args, Map<String, String> env,
      boolean terminal) {
    Thread reader = new Thread(() -> readClient(in, relay), "client-frames");
    reader.setDaemon(true);
    reader.start();
    long t0 = System.nanoTime();
    int code;
    try {
      code = Main.run(new Invocation(Path.of(cwd), env, relay.stdin(), relay.stdout(), relay.stderr(), terminal),
          args.toArray(String[]::new));
    } catch (RuntimeException | Error t) {
      // Main.run renders user errors itself; this is a bug, reported as in-process would
      relay.stderr().println("internal error (please report it): " + t);
      t.printStackTrace(relay.stderr());
      code = 70;
    } finally {
      synchronized (this) {
        done = true;
      }
      Thread.interrupted(); // a cancel that came late must not break the last frames
    }
    relay.stdout().flush();
    relay.stderr().flush();
    relay.exit(code);
    String name = !args.isEmpty() && COMMANDS.contains(args.get(0)) ? args.get(0) : "-";
    String why;
    synchronized (this) {
      why = cancelled;
    }
    server.log().log(String.format("request: %s exit %d in %.3f s%s", name, code, (System.nanoTime() - t0) / 1e9,
        why == null ? "" : " (" + why + ")"));
  }

  /** Frames from the client while the command runs: stdin, its end, cancel; end of stream = client gone. */
  private void readClient(DataInputStream in, Relay relay) {
    try {
      while (true) {
        byte type = in.readByte();
        byte[] payload = Protocol.readPayload(in);
        switch (type) {
          case Protocol.STDIN -> relay.stdinChunk(payload);
          case Protocol.STDIN_EOF -> relay.stdinChunk(new byte[0]);
          case Protocol.CANCEL -> cancel("cancelled by the client");
          default -> throw new IOException("unexpected frame type " + type);
        }
      }
    } catch (IOException e) {
      cancel("client gone");
      relay.stdinChunk(new byte[0]);
    }
  }

  /** Interrupts the running command, once; nothing when it already finished. */
  synchronized void cancel(String why) {
    if (!done && cancelled == null && runner != null) {
      cancelled = why;
      runner.interrupt();
    }
  }
}
