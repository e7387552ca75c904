package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import jenkins.util.io.OnMaster;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
    implements ExtensionPoint, Comparable<RunT>, AccessControlled, Saveable, OnMaster {
  Run() { throw new UnsupportedOperationException(); }

  /** Also tells a {@link jenkins.model.RunAction2} it was attached. */
  @Override
  public void addAction(@NonNull Action a) { throw new UnsupportedOperationException(); }

  public @NonNull JobT getParent() { throw new UnsupportedOperationException(); }

  public int getNumber() { throw new UnsupportedOperationException(); }

  public @NonNull String getId() { throw new UnsupportedOperationException(); }

  public @NonNull String getExternalizableId() { throw new UnsupportedOperationException(); }

  public static @CheckForNull Run<?, ?> fromExternalizableId(String id) { throw new UnsupportedOperationException(); }

  public String getFullDisplayName() { throw new UnsupportedOperationException(); }

  public String getDisplayName() { throw new UnsupportedOperationException(); }

  public @NonNull String getUrl() { throw new UnsupportedOperationException(); }

  public @NonNull File getRootDir() { throw new UnsupportedOperationException(); }

  public @CheckForNull Result getResult() { throw new UnsupportedOperationException(); }

  public void setResult(@NonNull Result r) { throw new UnsupportedOperationException(); }

  public boolean isBuilding() { throw new UnsupportedOperationException(); }

  public @NonNull EnvVars getEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  @Override
  public synchronized void save() throws IOException { throw new UnsupportedOperationException(); }

  public final @NonNull Charset getCharset() { throw new UnsupportedOperationException(); }

  public @CheckForNull RunT getPreviousBuild() { throw new UnsupportedOperationException(); }

  @Override
  public int compareTo(@NonNull RunT that) { throw new UnsupportedOperationException(); }

  @Override
  public @NonNull ACL getACL() { throw new UnsupportedOperationException(); }
}
