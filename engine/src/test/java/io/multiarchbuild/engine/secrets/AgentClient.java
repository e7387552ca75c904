package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/** A raw ssh-agent protocol client for the tests: writes framed requests, reads framed answers. */
final class AgentClient implements AutoCloseable {
  final SocketChannel channel;

  AgentClient(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
  }

  /** Sends one framed request body and returns the response body. */
  byte[] request(byte[] body) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    writeRaw(out);
    return readFrame();
  }

  void writeRaw(ByteBuffer out) throws IOException {
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }

  byte[] readFrame() throws IOException {
    ByteBuffer len = ByteBuffer.allocate(4);
    readFully(len);
    ByteBuffer body = ByteBuffer.allocate(len.flip().getInt());
    readFully(body);
    return body.array();
  }

  /** -1 when the server closed the connection. */
  int readByteOrEof() throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return channel.read(one) < 0 ? -1 : one.get(0) & 0xff;
  }

  private void readFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (channel.read(b) < 0) {
        throw new IOException("agent closed the connection");
      }
    }
  }

  static byte[] signRequest(byte[] keyBlob, byte[] data, int flags) {
    ByteArrayBuffer b = new ByteArrayBuffer();
    b.putByte(AgentProtocol.SSH2_AGENTC_SIGN_REQUEST);
    b.putBytes(keyBlob);
    b.putBytes(data);
    b.putUInt(flags);
    return b.getCompactData();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
