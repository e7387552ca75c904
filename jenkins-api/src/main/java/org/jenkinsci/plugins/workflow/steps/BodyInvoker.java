package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.LauncherDecorator;
import hudson.console.ConsoleLogFilter;
import java.util.Collection;

public abstract class BodyInvoker {
  public BodyInvoker() { throw new UnsupportedOperationException(); }

  public abstract BodyInvoker withContext(Object override);

  public BodyInvoker withContexts(Object... overrides) { throw new UnsupportedOperationException(); }

  public BodyInvoker withContexts(Collection<?> overrides) { throw new UnsupportedOperationException(); }

  public abstract BodyInvoker withDisplayName(@NonNull String name);

  public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

  public final BodyInvoker withCallback(FutureCallback<Object> callback) { throw new UnsupportedOperationException(); }

  public abstract BodyExecution start();

  public static ConsoleLogFilter mergeConsoleLogFilters(@CheckForNull ConsoleLogFilter original,
      @NonNull ConsoleLogFilter subsequent) { throw new UnsupportedOperationException(); }

  public static LauncherDecorator mergeLauncherDecorators(@CheckForNull LauncherDecorator original,
      @NonNull LauncherDecorator subsequent) { throw new UnsupportedOperationException(); }
}
