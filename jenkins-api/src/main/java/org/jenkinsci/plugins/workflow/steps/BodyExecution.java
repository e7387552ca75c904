package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.Future;

public abstract class BodyExecution implements Future<Object>, Serializable {
  public BodyExecution() { throw new UnsupportedOperationException(); }

  public abstract Collection<StepExecution> getCurrentExecutions();

  @Deprecated
  @Override
  public boolean cancel(boolean b) { throw new UnsupportedOperationException(); }

  public boolean cancel(Throwable t) { throw new UnsupportedOperationException(); }
}
