package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

public abstract class EnvironmentExpander implements Serializable {
  public EnvironmentExpander() { throw new UnsupportedOperationException(); }

  public abstract void expand(@NonNull EnvVars env) throws IOException, InterruptedException;

  public @NonNull Set<String> getSensitiveVariables() { throw new UnsupportedOperationException(); }

  public static EnvironmentExpander constant(@NonNull Map<String, String> env) { throw new UnsupportedOperationException(); }

  public static EnvironmentExpander merge(@CheckForNull EnvironmentExpander original,
      @NonNull EnvironmentExpander subsequent) { throw new UnsupportedOperationException(); }

  public static @NonNull EnvVars getEffectiveEnvironment(@NonNull EnvVars customEnvironment,
      @CheckForNull EnvVars contextualEnvironment, @CheckForNull EnvironmentExpander expander,
      @CheckForNull StepContext context, @NonNull TaskListener listener) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }
}
