package hudson.console;

import java.io.IOException;
import java.io.OutputStream;

public abstract class LineTransformationOutputStream extends OutputStream {
  protected LineTransformationOutputStream() { throw new UnsupportedOperationException(); }

  protected abstract void eol(byte[] b, int len) throws IOException;

  @Override
  public void write(int b) throws IOException { throw new UnsupportedOperationException(); }

  public void forceEol() throws IOException { throw new UnsupportedOperationException(); }

  protected String trimEOL(String line) { throw new UnsupportedOperationException(); }

  @Override
  public void close() throws IOException { throw new UnsupportedOperationException(); }

  public abstract static class Delegating extends LineTransformationOutputStream {
    protected final OutputStream out;

    protected Delegating(OutputStream out) { throw new UnsupportedOperationException(); }

    @Override
    public void flush() throws IOException { throw new UnsupportedOperationException(); }

    @Override
    public void close() throws IOException { throw new UnsupportedOperationException(); }
  }
}
