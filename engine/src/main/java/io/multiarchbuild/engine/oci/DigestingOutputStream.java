package io.multiarchbuild.engine.oci;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while hashing (sha256) and counting them, so nothing is ever read twice. */
final class DigestingOutputStream extends FilterOutputStream {
  private final MessageDigest sha = Digest.newSha256();
  private long count;

  DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    sha.update((byte) b);
    count++;
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    sha.update(b, off, len);
    count += len;
    out.write(b, off, len);
  }

  long count() {
    return count;
  }

  Digest digest() {
    return Digest.ofSha256(sha.digest());
  }
}
