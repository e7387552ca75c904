package io.multiarchbuild.engine.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code multiarch-build server status|stop}, answered by the client itself: neither starts a
 * server.
 */
final class ServerCommand {

  private static final String USAGE = "usage: multiarch-build server status|stop";

  private ServerCommand() {}

  static int run(String[] args, Client.Caller caller) {
    PrintStream out = new PrintStream(caller.stdout(), true);
    PrintStream err = caller.stderr();
    if (args.length != 2 || !(args[1].equals("status") || args[1].equals("stop"))) {
      err.println(args.length == 2 && (args[1].equals("-h") || args[1].equals("--help"))
          ? USAGE + "\n  status  the running build server: pid, uptime, requests served, socket, log"
              + "\n  stop    asks it to exit once its running commands finish"
          : USAGE);
      return args.length == 2 && (args[1].equals("-h") || args[1].equals("--help")) ? 0 : 2;
    }
    Path socket;
    try {
      socket = RuntimeDir.ensure(caller.env()).resolve(ClientConfig.key() + ".sock");
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    SocketChannel ch = Client.connect(socket);
    if (ch == null) {
      out.println("no build server running");
      return 0;
    }
    try (ch) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(Protocol.in(ch)));
      DataOutputStream toServer = new DataOutputStream(new BufferedOutputStream(Protocol.out(ch)));
      Client.handshake(in, toServer);
      toServer.writeByte(args[1].equals("status") ? Protocol.STATUS : Protocol.STOP);
      toServer.flush();
      while (true) {
        byte type = in.readByte();
        byte[] payload = Protocol.readPayload(in);
        if (type == Protocol.EXIT) {
          return Protocol.intOf(payload);
        }
        out.print(new String(payload, StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      err.println("error: build server at " + socket + ": " + e.getMessage());
      return 1;
    }
  }
}
