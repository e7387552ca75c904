package io.multiarchbuild.jenkins.step;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Builds {@code platform} natively on an online agent with {@code label}, e.g. linux/arm64 → arm64. */
public final class BuilderOption implements Describable<BuilderOption> {
  private final String platform;
  private final String label;

  @DataBoundConstructor
  public BuilderOption(String platform, String label) {
    this.platform = platform == null ? "" : platform.trim();
    this.label = label == null ? "" : label.trim();
  }

  public String getPlatform() {
    return platform;
  }

  public String getLabel() {
    return label;
  }

  StepOptions.PlatformLabel toOption() {
    return new StepOptions.PlatformLabel(platform, label);
  }

  @Extension
  public static final class DescriptorImpl extends Descriptor<BuilderOption> {
    @Override
    public String getDisplayName() {
      return "Platform built on an agent label";
    }

    @POST
    public FormValidation doCheckPlatform(@QueryParameter String value) {
      return FormChecks.checkPlatform(value);
    }

    @POST
    public FormValidation doCheckLabel(@QueryParameter String value) {
      return FormChecks.checkLabel(value);
    }
  }
}
