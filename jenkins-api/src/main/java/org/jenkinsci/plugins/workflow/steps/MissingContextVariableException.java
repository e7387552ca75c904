package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;

public class MissingContextVariableException extends Exception {
  public MissingContextVariableException(@NonNull Class<?> type) { throw new UnsupportedOperationException(); }

  public Class<?> getType() { throw new UnsupportedOperationException(); }

  public @NonNull List<StepDescriptor> getProviders() { throw new UnsupportedOperationException(); }
}
