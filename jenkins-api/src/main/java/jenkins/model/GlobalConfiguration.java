package jenkins.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

/** {@code configure(StaplerRequest2, JSONObject)} binds the submitted form onto the {@code @DataBoundSetter}s. */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
    implements ExtensionPoint, Describable<GlobalConfiguration> {
  protected GlobalConfiguration() { throw new UnsupportedOperationException(); }

  @Override
  public final Descriptor<GlobalConfiguration> getDescriptor() { throw new UnsupportedOperationException(); }

  @Override
  public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException { throw new UnsupportedOperationException(); }

  @Override
  public String getGlobalConfigPage() { throw new UnsupportedOperationException(); }

  public static @NonNull ExtensionList<GlobalConfiguration> all() { throw new UnsupportedOperationException(); }
}
