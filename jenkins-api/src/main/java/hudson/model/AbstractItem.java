package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import jenkins.model.Loadable;

public abstract class AbstractItem extends Actionable implements Loadable, Item {
  AbstractItem() { throw new UnsupportedOperationException(); }

  @Override
  public @NonNull ACL getACL() { throw new UnsupportedOperationException(); }
}
