package io.multiarchbuild.engine.common;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Lets a stream chain on top (a compressor, a tar writer) be closed — which finishes its frames —
 * without closing the caller's stream underneath: {@link #close()} only flushes.
 */
public final class NonClosingOutputStream extends FilterOutputStream {

  public NonClosingOutputStream(OutputStream out) {
    super(out);
  }

  // FilterOutputStream writes arrays a byte at a time; pass them through whole
  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
