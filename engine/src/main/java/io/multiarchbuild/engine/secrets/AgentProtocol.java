package io.multiarchbuild.engine.secrets;

import java.util.Arrays;
import java.util.List;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The ssh-agent protocol messages a read-only agent answers (draft-miller-ssh-agent): list the
 * identities, sign with one of them. Every other request, including adding or removing keys, gets
 * {@code SSH_AGENT_FAILURE}. Framing (the uint32 length) is the server's job; this class sees one
 * message body and returns one response body.
 */
final class AgentProtocol {

  static final byte SSH_AGENT_FAILURE = 5;
  static final byte SSH2_AGENTC_REQUEST_IDENTITIES = 11;
  static final byte SSH2_AGENT_IDENTITIES_ANSWER = 12;
  static final byte SSH2_AGENTC_SIGN_REQUEST = 13;
  static final byte SSH2_AGENT_SIGN_RESPONSE = 14;
  static final int SSH_AGENT_RSA_SHA2_256 = 2;
  static final int SSH_AGENT_RSA_SHA2_512 = 4;

  /** OpenSSH's ssh-agent refuses messages above 256 KiB; a longer length is a broken client. */
  static final int MAX_MESSAGE = 256 * 1024;

  private final List<SshKey> keys;

  AgentProtocol(List<SshKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Handles one request body (type byte + payload); returns the response body. */
  byte[] handle(byte[] request) {
    if (request.length == 0) {
      return failure();
    }
    try {
      return switch (request[0]) {
        case SSH2_AGENTC_REQUEST_IDENTITIES -> identities();
        case SSH2_AGENTC_SIGN_REQUEST -> sign(new ByteArrayBuffer(request, 1, request.length - 1));
        default -> failure();
      };
    } catch (RuntimeException e) {
      // a truncated or garbled request: the client gets a failure, never a dropped agent
      return failure();
    }
  }

  private byte[] identities() {
    ByteArrayBuffer out = new ByteArrayBuffer();
    out.putByte(SSH2_AGENT_IDENTITIES_ANSWER);
    out.putUInt(keys.size());
    for (SshKey key : keys) {
      out.putBytes(key.publicBlob());
      out.putString(key.comment());
    }
    return out.getCompactData();
  }

  private byte[] sign(Buffer in) {
    byte[] blob = in.getBytes();
    byte[] data = in.getBytes();
    int flags = in.getInt();
    SshKey key = keys.stream().filter(k -> Arrays.equals(k.publicBlob(), blob)).findFirst().orElse(null);
    if (key == null) {
      return failure();
    }
    BuiltinSignatures algorithm = signatureFor(key.type(), flags);
    if (algorithm == null) {
      return failure();
    }
    byte[] signature;
    try {
      Signature signer = algorithm.create();
      signer.initSigner(null, key.keyPair().getPrivate());
      signer.update(null, data);
      signature = signer.sign(null);
    } catch (Exception e) {
      return failure();
    }
    ByteArrayBuffer sig = new ByteArrayBuffer();
    sig.putString(algorithm.getName());
    sig.putBytes(signature);
    ByteArrayBuffer out = new ByteArrayBuffer();
    out.putByte(SSH2_AGENT_SIGN_RESPONSE);
    out.putBytes(sig.getCompactData());
    return out.getCompactData();
  }

  /**
   * The signature algorithm for a key type and the request's flags (RFC 8332: RSA keys sign with
   * SHA-512 or SHA-256 when asked, SHA-1 {@code ssh-rsa} only when neither flag is set); null when
   * the key type is not supported.
   */
  static BuiltinSignatures signatureFor(String keyType, int flags) {
    if (keyType == null) {
      return null;
    }
    if (keyType.equals("ssh-rsa")) {
      if ((flags & SSH_AGENT_RSA_SHA2_512) != 0) {
        return BuiltinSignatures.rsaSHA512;
      }
      if ((flags & SSH_AGENT_RSA_SHA2_256) != 0) {
        return BuiltinSignatures.rsaSHA256;
      }
      return BuiltinSignatures.rsa;
    }
    return switch (keyType) {
      case "ssh-ed25519" -> BuiltinSignatures.ed25519;
      case "ecdsa-sha2-nistp256" -> BuiltinSignatures.nistp256;
      case "ecdsa-sha2-nistp384" -> BuiltinSignatures.nistp384;
      case "ecdsa-sha2-nistp521" -> BuiltinSignatures.nistp521;
      default -> null;
    };
  }

  static byte[] failure() {
    return new byte[] {SSH_AGENT_FAILURE};
  }
}
