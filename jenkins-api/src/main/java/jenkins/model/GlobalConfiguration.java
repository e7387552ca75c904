package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

/**
 * Real class also overrides {@code configure(StaplerRequest2, JSONObject)} to bind the submitted form
 * onto the instance's {@code @DataBoundSetter}s; not declared because the plugin does not override it.
 */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
    implements ExtensionPoint, Describable<GlobalConfiguration> {
  protected GlobalConfiguration() { throw new UnsupportedOperationException(); }

  @Override
  public final Descriptor<GlobalConfiguration> getDescriptor() { throw new UnsupportedOperationException(); }

  @Override
  public String getGlobalConfigPage() { throw new UnsupportedOperationException(); }

  public static @NonNull ExtensionList<GlobalConfiguration> all() { throw new UnsupportedOperationException(); }
}
