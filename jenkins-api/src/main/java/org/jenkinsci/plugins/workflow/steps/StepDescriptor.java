package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

public abstract class StepDescriptor extends Descriptor<Step> {
  public StepDescriptor() { throw new UnsupportedOperationException(); }

  public abstract Set<? extends Class<?>> getRequiredContext();

  public Set<? extends Class<?>> getProvidedContext() { throw new UnsupportedOperationException(); }

  public abstract String getFunctionName();

  public boolean takesImplicitBlockArgument() { throw new UnsupportedOperationException(); }

  public boolean isAdvanced() { throw new UnsupportedOperationException(); }

  public boolean isMetaStep() { throw new UnsupportedOperationException(); }

  public final @Nullable Class<?> getMetaStepArgumentType() { throw new UnsupportedOperationException(); }

  @Deprecated
  public Step newInstance(Map<String, Object> arguments) throws Exception { throw new UnsupportedOperationException(); }

  public final void checkContextAvailability(StepContext c)
      throws MissingContextVariableException, IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public static ExtensionList<StepDescriptor> all() { throw new UnsupportedOperationException(); }

  public static @Nullable StepDescriptor byFunctionName(String name) { throw new UnsupportedOperationException(); }

  public @CheckForNull String argumentsToString(@NonNull Map<String, Object> namedArgs) { throw new UnsupportedOperationException(); }
}
