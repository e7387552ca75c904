package io.multiarchbuild.engine.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between the client and a registry that misbehaves on purpose. It reads each request's
 * head, asks its {@link Plan} for a fault, forces {@code Connection: close} so every request is one
 * connection (one decision), and then either answers itself (503/429), resets the connection, or
 * relays while cutting, stalling or corrupting the response. It records every request line.
 */
final class FaultProxy implements AutoCloseable {

  enum Fault {
    NONE, RESET_BEFORE, RESET_MID_REQUEST, STATUS_503, STATUS_429, TRUNCATE_RESPONSE, STALL, LONG_STALL,
    CORRUPT_BODY
  }

  /** Chooses the fault for a request; called once per connection, in order. */
  @FunctionalInterface
  interface Plan {
    Fault next(String method, String path, long requestBodyLength);
  }

  static final Plan NO_FAULTS = (m, p, len) -> Fault.NONE;

  /**
   * A seeded pattern: each request draws a fault with probability {@code rate} among those that fit
   * it (a mid-request reset needs a body, a cut a blob GET). Each kind is dealt once from a shuffled
   * deck before kinds repeat at random, so a short run still sees all of them. 503/429 come in bursts
   * of 1–3; never more than three faults in a row, so a bounded retry budget always gets through.
   */
  static Plan seeded(long seed, double rate) {
    Random random = new Random(seed);
    List<Fault> deck = new java.util.ArrayList<>(List.of(Fault.RESET_BEFORE, Fault.RESET_MID_REQUEST,
        Fault.STATUS_503, Fault.STATUS_429, Fault.STALL, Fault.TRUNCATE_RESPONSE));
    java.util.Collections.shuffle(deck, random);
    return new Plan() {
      private Fault burst = Fault.NONE;
      private int burstLeft;
      private int inARow;

      @Override
      public synchronized Fault next(String method, String path, long bodyLength) {
        Fault f = pick(method, path, bodyLength);
        inARow = f == Fault.NONE ? 0 : inARow + 1;
        return f;
      }

      private Fault pick(String method, String path, long bodyLength) {
        if (inARow >= 3) {
          burstLeft = 0;
          return Fault.NONE;
        }
        if (burstLeft > 0) {
          burstLeft--;
          return burst;
        }
        if (random.nextDouble() >= rate) {
          return Fault.NONE;
        }
        boolean blobGet = method.equals("GET") && path.contains("/blobs/sha256:");
        List<Fault> fits = new java.util.ArrayList<>(List.of(Fault.RESET_BEFORE, Fault.STATUS_503,
            Fault.STATUS_429, Fault.STALL));
        if (bodyLength > 1024) {
          fits.add(Fault.RESET_MID_REQUEST);
        }
        if (blobGet) {
          fits.add(Fault.TRUNCATE_RESPONSE);
        }
        // Kinds that fit few requests are dealt first when they fit, or a short run might never see them.
        Fault f = deck.stream().filter(k -> fits.contains(k)
                && (k == Fault.TRUNCATE_RESPONSE || k == Fault.RESET_MID_REQUEST)).findFirst()
            .or(() -> deck.stream().filter(fits::contains).findFirst())
            .orElse(fits.get(random.nextInt(fits.size())));
        deck.remove(f);
        if (f == Fault.STATUS_503 || f == Fault.STATUS_429) {
          burst = f;
          burstLeft = random.nextInt(3); // 0–2 more: a burst of 1–3
        }
        return f;
      }
    };
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final Plan plan;
  private final long longStallMillis;
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** The upstream's status lines, in the order the responses arrived. */
  final List<String> responses = new CopyOnWriteArrayList<>();
  final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
  private volatile boolean closed;

  FaultProxy(int upstreamPort, Plan plan, long longStallMillis) throws IOException {
    this.upstreamPort = upstreamPort;
    this.plan = plan;
    this.longStallMillis = longStallMillis;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "fault-proxy");
    t.setDaemon(true);
    t.start();
  }

  FaultProxy(int upstreamPort, Plan plan) throws IOException {
    this(upstreamPort, plan, 0);
  }

  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  int count(Fault f) {
    AtomicInteger n = injected.get(f);
    return n == null ? 0 : n.get();
  }

  long requestsMatching(String prefix) {
    return requests.stream().filter(r -> r.startsWith(prefix)).count();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> handle(client), "fault-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client) {
    try (client; InputStream cin = client.getInputStream(); OutputStream cout = client.getOutputStream()) {
      byte[] head = readHead(cin);
      if (head == null) {
        return;
      }
      String headText = new String(head, StandardCharsets.ISO_8859_1);
      String[] lines = headText.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      long length = contentLength(lines);
      requests.add(requestLine[0] + " " + requestLine[1]);
      Fault fault = plan.next(requestLine[0], requestLine[1], length);
      injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
      switch (fault) {
        case RESET_BEFORE -> {
          reset(client);
          return;
        }
        case STATUS_503, STATUS_429 -> {
          cin.skipNBytes(Math.max(0, length)); // read the body so the client sees our answer, not a reset
          String body = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected by test proxy\"}]}";
          String status = fault == Fault.STATUS_503 ? "503 Service Unavailable" : "429 Too Many Requests";
          cout.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length() + "\r\n" + (fault == Fault.STATUS_429 ? "Retry-After: 1\r\n" : "")
              + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
          cout.flush();
          return;
        }
        default -> relay(client, cin, cout, lines, length, fault);
      }
    } catch (IOException | RuntimeException e) {
      // a broken connection is the point of this class
    }
  }

  private void relay(Socket client, InputStream cin, OutputStream cout, String[] lines, long length, Fault fault)
      throws IOException {
    try (Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        InputStream uin = up.getInputStream(); OutputStream uout = up.getOutputStream()) {
      StringBuilder head = new StringBuilder(lines[0]).append("\r\n");
      for (int i = 1; i < lines.length; i++) {
        if (!lines[i].toLowerCase(Locale.ROOT).startsWith("connection:")) {
          head.append(lines[i]).append("\r\n");
        }
      }
      head.append("Connection: close\r\n\r\n");
      uout.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (fault == Fault.RESET_MID_REQUEST) {
        copy(cin, uout, length / 2);
        reset(up);
        reset(client);
        return;
      }
      Thread upload = new Thread(() -> {
        try {
          cin.transferTo(uout);
        } catch (IOException ignored) {
          // the response side ends the exchange
        }
      }, "fault-proxy-upload");
      upload.setDaemon(true);
      upload.start();
      byte[] respHead = readHead(uin);
      if (respHead == null) {
        return;
      }
      cout.write(respHead);
      String[] respLines = new String(respHead, StandardCharsets.ISO_8859_1).split("\r\n");
      responses.add(respLines[0]);
      long bodyLength = contentLength(respLines);
      switch (fault) {
        case TRUNCATE_RESPONSE -> {
          copy(uin, cout, Math.max(0, bodyLength / 2));
          cout.flush();
          reset(client);
        }
        case STALL, LONG_STALL -> {
          copy(uin, cout, Math.max(0, bodyLength / 3));
          cout.flush();
          sleep(fault == Fault.STALL ? 300 : longStallMillis);
          uin.transferTo(cout);
        }
        case CORRUPT_BODY -> {
          byte[] buf = new byte[64 * 1024];
          long seen = 0;
          int n;
          while ((n = uin.read(buf)) > 0) {
            if (seen == 0) {
              buf[0] ^= 0x5a; // one flipped byte is enough: the digest must catch it
            }
            seen += n;
            cout.write(buf, 0, n);
          }
        }
        default -> uin.transferTo(cout);
      }
      cout.flush();
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        return;
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      // \r\n\r\n ends the head
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3))
          ? state + 1 : 0;
      if (state == 4) {
        return b.toByteArray();
      }
    }
    return null;
  }

  private static long contentLength(String[] lines) {
    for (String l : lines) {
      if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(l.substring(15).trim());
      }
    }
    return 0;
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close with RST: a "connection reset by peer" for the other side
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
