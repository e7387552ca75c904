package io.multiarchbuild.engine.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The wire format between {@link Client} and {@link Server}: a handshake (magic, version), one
 * request, then frames of {@code type byte, int length, payload} both ways until the server's
 * {@link #EXIT} frame. JDK classes only: the client loads this on every run.
 *
 * <p>Streams over the channel are our own ({@link #in}, {@link #out}) rather than {@code
 * Channels.newInputStream}: those serialise reads and writes on the channel's blocking lock, so a
 * thread blocked reading would stall every write of another thread on the same socket.
 */
final class Protocol {

  static final int MAGIC = 0x4D41_4253; // "MABS"
  /** Bumped on any change of the format; a client and server of different versions refuse each other. */
  static final int VERSION = 1;

  // request kinds
  static final byte RUN = 1;
  static final byte STATUS = 2;
  static final byte STOP = 3;

  // server -> client
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  /** The command started reading stdin: send it (chunks, then {@link #STDIN_EOF}). */
  static final byte STDIN_WANTED = 3;
  /** The command finished; payload: the exit code (int). The last frame. */
  static final byte EXIT = 4;

  // client -> server
  static final byte STDIN = 5;
  static final byte STDIN_EOF = 6;
  /** Ctrl-C or SIGTERM at the client: interrupt the command, which cleans up and exits. */
  static final byte CANCEL = 7;

  /** Largest payload of one frame; longer writes are split. */
  static final int MAX_FRAME = 64 * 1024;

  private Protocol() {}

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 16 * 1024 * 1024) {
      throw new IOException("malformed request: string of " + n + " bytes");
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  static void writeFrame(DataOutputStream out, byte type, byte[] payload, int off, int len) throws IOException {
    out.writeByte(type);
    out.writeInt(len);
    out.write(payload, off, len);
    out.flush();
  }

  /** Reads one frame's payload after its type byte. */
  static byte[] readPayload(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_FRAME) {
      throw new IOException("malformed frame of " + n + " bytes");
    }
    return in.readNBytes(n);
  }

  static byte[] intPayload(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }

  static int intOf(byte[] payload) {
    return ByteBuffer.wrap(payload).getInt();
  }

  /** An input stream reading the channel directly (see the class comment). */
  static InputStream in(SocketChannel ch) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        return ch.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  /** An output stream writing the channel directly (see the class comment). */
  static OutputStream out(SocketChannel ch) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    };
  }
}
