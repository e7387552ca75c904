package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Node;

public abstract class LauncherDecorator implements ExtensionPoint {
  protected LauncherDecorator() { throw new UnsupportedOperationException(); }

  public abstract @NonNull Launcher decorate(@NonNull Launcher launcher, @NonNull Node node);
}
