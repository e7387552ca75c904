package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Result;
import java.io.IOException;
import java.io.Serializable;

/** {@code onFailure(Throwable)} is inherited from Guava's {@link FutureCallback}, as in the real class. */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
  public StepContext() { throw new UnsupportedOperationException(); }

  public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

  @Override
  public abstract void onSuccess(@Nullable Object result);

  public abstract boolean isReady();

  public abstract ListenableFuture<Void> saveState();

  public abstract void setResult(Result r);

  public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

  public boolean hasBody() { throw new UnsupportedOperationException(); }

  @Override
  public abstract boolean equals(Object o);

  @Override
  public abstract int hashCode();
}
