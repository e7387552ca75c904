package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class SynchronousStepExecution<T> extends StepExecution {
  protected SynchronousStepExecution(@NonNull StepContext context) { throw new UnsupportedOperationException(); }

  protected abstract T run() throws Exception;

  @Override
  public final boolean start() throws Exception { throw new UnsupportedOperationException(); }

  @Override
  public void stop(Throwable cause) throws Exception { throw new UnsupportedOperationException(); }
}
