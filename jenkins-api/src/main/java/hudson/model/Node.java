package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.labels.LabelAtom;
import hudson.remoting.VirtualChannel;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.util.Set;
import jenkins.util.io.OnMaster;

public abstract class Node implements Describable<Node>, ExtensionPoint, AccessControlled, OnMaster, Saveable {
  Node() { throw new UnsupportedOperationException(); }

  public abstract @NonNull String getNodeName();

  public abstract Launcher createLauncher(TaskListener listener);

  public final @CheckForNull Computer toComputer() { throw new UnsupportedOperationException(); }

  public final @CheckForNull VirtualChannel getChannel() { throw new UnsupportedOperationException(); }

  public abstract String getLabelString();

  public Set<LabelAtom> getAssignedLabels() { throw new UnsupportedOperationException(); }

  public abstract @CheckForNull FilePath getRootPath();

  public @CheckForNull FilePath createPath(String absolutePath) { throw new UnsupportedOperationException(); }

  public abstract @CheckForNull FilePath getWorkspaceFor(TopLevelItem item);

  @Override
  public @NonNull ACL getACL() { throw new UnsupportedOperationException(); }
}
