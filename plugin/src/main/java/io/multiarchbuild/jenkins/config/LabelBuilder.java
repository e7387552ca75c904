package io.multiarchbuild.jenkins.config;

import hudson.Extension;
import hudson.util.FormValidation;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Builds a platform natively on an agent picked by a label expression, e.g. {@code linux/arm64 → arm64}. */
public final class LabelBuilder extends PlatformBuilder {
  private final String label;

  @DataBoundConstructor
  public LabelBuilder(String platform, String label) {
    super(platform);
    this.label = label == null ? "" : label.trim();
  }

  /** The agent label expression, e.g. {@code arm64 && linux}. */
  public String getLabel() {
    return label;
  }

  @Override
  public List<String> problems() {
    List<String> problems = super.problems();
    BuilderSetRules.checkLabel(label).ifPresent(problems::add);
    return problems;
  }

  @Override
  public String toString() {
    return getPlatform() + " on label '" + label + "'";
  }

  @Extension
  @Symbol("label")
  public static final class DescriptorImpl extends PlatformBuilderDescriptor {
    @Override
    public String getDisplayName() {
      return Messages.get("LabelBuilder.DisplayName");
    }

    @POST
    public FormValidation doCheckLabel(@QueryParameter String value) {
      Jenkins.get().checkPermission(Jenkins.ADMINISTER);
      return Validations.toForm(BuilderSetRules.checkLabel(value));
    }
  }
}
