package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Action;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import java.io.IOException;
import java.util.Collection;

public interface SimpleBuildStep extends BuildStep {
  @Deprecated
  default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull Launcher launcher,
      @NonNull TaskListener listener) throws InterruptedException, IOException { throw new UnsupportedOperationException(); }

  /** The overload to implement (since 2.241). */
  default void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
      @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException { throw new UnsupportedOperationException(); }

  default void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
      throws InterruptedException, IOException { throw new UnsupportedOperationException(); }

  default boolean requiresWorkspace() { throw new UnsupportedOperationException(); }

  interface LastBuildAction extends Action {
    Collection<? extends Action> getProjectActions();
  }
}
