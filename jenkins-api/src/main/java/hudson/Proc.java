package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

public abstract class Proc {
  protected Proc() { throw new UnsupportedOperationException(); }

  public abstract boolean isAlive() throws IOException, InterruptedException;

  public abstract void kill() throws IOException, InterruptedException;

  public abstract int join() throws IOException, InterruptedException;

  public abstract @CheckForNull InputStream getStdout();

  public abstract @CheckForNull InputStream getStderr();

  public abstract @CheckForNull OutputStream getStdin();

  public final int joinWithTimeout(long timeout, TimeUnit unit, TaskListener listener)
      throws IOException, InterruptedException { throw new UnsupportedOperationException(); }
}
