package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.ExtensionPoint;
import java.io.IOException;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
    implements ExtensionPoint {
  Job() { throw new UnsupportedOperationException(); }

  public RunT getLastBuild() { throw new UnsupportedOperationException(); }

  public RunT getLastSuccessfulBuild() { throw new UnsupportedOperationException(); }

  public RunT getBuildByNumber(int n) { throw new UnsupportedOperationException(); }

  public @NonNull EnvVars getEnvironment(@CheckForNull Node node, @NonNull TaskListener listener)
      throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public abstract boolean isBuildable();
}
