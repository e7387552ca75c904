package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import java.io.Serializable;

public abstract class BodyExecutionCallback implements Serializable {
  public BodyExecutionCallback() { throw new UnsupportedOperationException(); }

  public void onStart(StepContext context) { throw new UnsupportedOperationException(); }

  public abstract void onSuccess(StepContext context, Object result);

  public abstract void onFailure(StepContext context, Throwable t);

  public static BodyExecutionCallback wrap(FutureCallback<Object> v) { throw new UnsupportedOperationException(); }

  public abstract static class TailCall extends BodyExecutionCallback {
    protected abstract void finished(StepContext context) throws Exception;

    @Override
    public final void onSuccess(StepContext context, Object result) { throw new UnsupportedOperationException(); }

    @Override
    public final void onFailure(StepContext context, Throwable t) { throw new UnsupportedOperationException(); }
  }
}
