package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Build;
import hudson.model.BuildListener;
import hudson.model.Describable;
import hudson.model.Descriptor;

public abstract class Builder extends BuildStepCompatibilityLayer implements Describable<Builder>, ExtensionPoint {
  public Builder() { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public boolean prebuild(Build build, BuildListener listener) { throw new UnsupportedOperationException(); }

  @Override
  public BuildStepMonitor getRequiredMonitorService() { throw new UnsupportedOperationException(); }

  @Override
  public Descriptor<Builder> getDescriptor() { throw new UnsupportedOperationException(); }
}
