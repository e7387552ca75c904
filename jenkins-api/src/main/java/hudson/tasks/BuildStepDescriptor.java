package hudson.tasks;

import hudson.model.AbstractProject;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.List;

public abstract class BuildStepDescriptor<T extends BuildStep & Describable<T>> extends Descriptor<T> {
  protected BuildStepDescriptor(Class<? extends T> clazz) { throw new UnsupportedOperationException(); }

  protected BuildStepDescriptor() { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public abstract boolean isApplicable(Class<? extends AbstractProject> jobType);

  @SuppressWarnings("rawtypes")
  public static <T extends BuildStep & Describable<T>> List<Descriptor<T>> filter(
      List<Descriptor<T>> base, Class<? extends AbstractProject> type) { throw new UnsupportedOperationException(); }
}
