package hudson.console;

import hudson.ExtensionPoint;
import hudson.model.Run;
import java.io.IOException;
import java.io.OutputStream;

public abstract class ConsoleLogFilter implements ExtensionPoint {
  public ConsoleLogFilter() { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public OutputStream decorateLogger(Run build, OutputStream logger) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }
}
