package jenkins.security;

import jenkins.agents.ControllerToAgentCallable;
import org.jenkinsci.remoting.RoleChecker;

/**
 * TEST DOUBLE of Jenkins' {@code jenkins.security.MasterToSlaveCallable} (the compile-only declaration's
 * constructor throws), so tests can construct the plugin's callables and run {@code call()} in-process,
 * as {@code FilePath.act} does for a local workspace.
 */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements ControllerToAgentCallable<V, T> {
  private static final long serialVersionUID = 1L;

  public MasterToSlaveCallable() {}

  @Override
  public void checkRoles(RoleChecker checker) {}
}
