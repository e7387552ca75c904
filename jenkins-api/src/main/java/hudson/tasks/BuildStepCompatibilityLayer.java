package hudson.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Launcher;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.Action;
import hudson.model.BuildListener;
import java.io.IOException;
import java.util.Collection;

@Deprecated
public abstract class BuildStepCompatibilityLayer implements BuildStep {
  public BuildStepCompatibilityLayer() { throw new UnsupportedOperationException(); }

  @Override
  public boolean prebuild(AbstractBuild<?, ?> build, BuildListener listener) { throw new UnsupportedOperationException(); }

  /** For a {@code SimpleBuildStep}, calls its {@code perform(run, workspace, env, launcher, listener)}. */
  @Override
  public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
      throws InterruptedException, IOException { throw new UnsupportedOperationException(); }

  @Override
  public Action getProjectAction(AbstractProject<?, ?> project) { throw new UnsupportedOperationException(); }

  @Override
  public @NonNull Collection<? extends Action> getProjectActions(AbstractProject<?, ?> project) { throw new UnsupportedOperationException(); }
}
