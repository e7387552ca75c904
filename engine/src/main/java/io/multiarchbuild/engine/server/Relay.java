package io.multiarchbuild.engine.server;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A command's standard streams on the server, carried as frames to and from its client.
 *
 * <p>Why a writer thread rather than the command writing the socket itself: a cancel interrupts
 * the command's thread, and an interrupted thread that touches a socket channel closes it, so the
 * command's last output (and the exit code) would be lost exactly when a build is cancelled. The
 * command queues frames instead, waiting (uninterruptibly) only while {@link #WINDOW} bytes are
 * queued, so a slow reader of {@code -o -} holds the build back rather than filling memory.
 */
final class Relay {

  private static final int WINDOW = 4 * 1024 * 1024;
  private static final byte[] EOF = new byte[0];

  private final DataOutputStream socket;
  private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
  private final Semaphore credits = new Semaphore(WINDOW);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final BlockingQueue<byte[]> stdinChunks = new LinkedBlockingQueue<>();
  private final PrintStream stdout = new PrintStream(new BufferedOutputStream(new FrameStream(Protocol.STDOUT), 8192), true);
  private final PrintStream stderr = new PrintStream(new BufferedOutputStream(new FrameStream(Protocol.STDERR), 8192), true);
  private final InputStream stdin = new StdinStream();
  private volatile boolean dead;

  Relay(DataOutputStream socket) {
    this.socket = socket;
    Thread writer = new Thread(this::write, "client-writer");
    writer.setDaemon(true);
    writer.start();
  }

  PrintStream stdout() {
    return stdout;
  }

  PrintStream stderr() {
    return stderr;
  }

  InputStream stdin() {
    return stdin;
  }

  void stdinChunk(byte[] chunk) {
    stdinChunks.add(chunk);
  }

  /** Sends the exit code, the last frame, and waits (bounded) until it is written or the client is gone. */
  void exit(int code) {
    frame(Protocol.EXIT, Protocol.intPayload(code), 0, 4);
    try {
      closed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void frame(byte type, byte[] b, int off, int len) {
    if (dead) {
      return; // client gone: output goes nowhere, as to a closed pipe
    }
    credits.acquireUninterruptibly(len);
    byte[] f = new byte[5 + len];
    f[0] = type;
    f[1] = (byte) (len >>> 24);
    f[2] = (byte) (len >>> 16);
    f[3] = (byte) (len >>> 8);
    f[4] = (byte) len;
    System.arraycopy(b, off, f, 5, len);
    frames.add(f);
  }

  private void write() {
    try {
      while (true) {
        byte[] f = frames.take();
        socket.write(f);
        credits.release(f.length - 5);
        if (frames.isEmpty() || f[0] == Protocol.EXIT) {
          socket.flush();
        }
        if (f[0] == Protocol.EXIT) {
          break;
        }
      }
    } catch (IOException | InterruptedException e) {
      dead = true;
      credits.release(Integer.MAX_VALUE / 2); // whoever waits for room: never again
    } finally {
      closed.countDown();
    }
  }

  /** One stream's bytes as frames of at most {@link Protocol#MAX_FRAME}. */
  private final class FrameStream extends OutputStream {
    private final byte type;

    FrameStream(byte type) {
      this.type = type;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, Protocol.MAX_FRAME);
        frame(type, b, off, n);
        off += n;
        len -= n;
      }
    }
  }

  /**
   * The caller's stdin, asked for on the first read only: a client never reads its stdin unless
   * the command does, which would take input meant for the next command of a pipeline.
   */
  private final class StdinStream extends InputStream {
    private boolean asked;
    private boolean eof;
    private byte[] chunk = EOF;
    private int pos;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!asked) {
        asked = true;
        // a prompt printed before reading must reach the user before the input is wanted
        stdout.flush();
        stderr.flush();
        frame(Protocol.STDIN_WANTED, EOF, 0, 0);
      }
      while (pos == chunk.length) {
        if (eof) {
          return -1;
        }
        try {
          chunk = stdinChunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("cancelled while reading stdin");
        }
        pos = 0;
        eof = chunk.length == 0;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public synchronized int available() {
      return chunk.length - pos;
    }
  }
}
