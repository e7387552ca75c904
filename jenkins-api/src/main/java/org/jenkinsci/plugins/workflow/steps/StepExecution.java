package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

public abstract class StepExecution implements Serializable {
  @Deprecated
  protected StepExecution() { throw new UnsupportedOperationException(); }

  protected StepExecution(@NonNull StepContext context) { throw new UnsupportedOperationException(); }

  public @NonNull StepContext getContext() { throw new UnsupportedOperationException(); }

  public abstract boolean start() throws Exception;

  public void stop(@NonNull Throwable cause) throws Exception { throw new UnsupportedOperationException(); }

  public void onResume() { throw new UnsupportedOperationException(); }

  public @CheckForNull String getStatus() { throw new UnsupportedOperationException(); }

  public boolean blocksRestart() { throw new UnsupportedOperationException(); }

  public final @CheckForNull String getStatusBounded(long timeout, TimeUnit unit) { throw new UnsupportedOperationException(); }

  public static void acceptAll(Consumer<StepExecution> c) { throw new UnsupportedOperationException(); }

  public static <T extends StepExecution> void acceptAll(Class<T> type, Consumer<T> c) { throw new UnsupportedOperationException(); }
}
