package io.multiarchbuild.jenkins.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A named list of platform builders an administrator defines once and Pipelines refer to by name. */
public final class BuilderSet implements Describable<BuilderSet> {
  private final String name;
  // A mutable ArrayList on purpose: Jenkins persists this object with XStream, which cannot
  // reflectively rebuild the JDK's immutable list classes on Java 17+.
  private final ArrayList<PlatformBuilder> builders;

  @DataBoundConstructor
  public BuilderSet(String name, List<PlatformBuilder> builders) {
    this.name = name == null ? "" : name.trim();
    this.builders = builders == null ? new ArrayList<>() : new ArrayList<>(builders);
  }

  public String getName() {
    return name;
  }

  public List<PlatformBuilder> getBuilders() {
    // null only for a corrupt or hand-edited XML file that XStream loaded without this field
    return builders == null ? List.of() : Collections.unmodifiableList(builders);
  }

  /** The builder for a platform (compared after normalisation, so {@code linux/aarch64} finds {@code linux/arm64}). */
  public Optional<PlatformBuilder> builderFor(io.multiarchbuild.engine.oci.Platform platform) {
    return getBuilders().stream().filter(b -> b.parsedPlatform().filter(platform::equals).isPresent()).findFirst();
  }

  /** What is wrong with this set, as messages for the administrator; empty when valid. */
  public List<String> problems() {
    return BuilderSetRules.problemsOf(this);
  }

  @Override
  public String toString() {
    return name + builders;
  }

  @Extension
  @Symbol("builderSet")
  public static final class DescriptorImpl extends Descriptor<BuilderSet> {
    @Override
    public String getDisplayName() {
      return Messages.get("BuilderSet.DisplayName");
    }

    @POST
    public FormValidation doCheckName(@QueryParameter String value) {
      Jenkins.get().checkPermission(Jenkins.ADMINISTER);
      return Validations.toForm(BuilderSetRules.checkName(value));
    }
  }
}
