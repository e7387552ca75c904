package io.multiarchbuild.jenkins.config;

import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.multiarchbuild.engine.oci.InvalidPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * How one platform of a builder set is built. Kinds of builder are Describables with their own
 * {@code @Extension} descriptor, so new kinds (e.g. a remote BuildKit daemon) plug in without
 * changing {@link BuilderSet} or the configuration page, which lists every registered kind.
 */
public abstract class PlatformBuilder implements Describable<PlatformBuilder> {
  private final String platform;

  protected PlatformBuilder(String platform) {
    this.platform = platform == null ? "" : platform.trim();
  }

  /** The platform as the administrator typed it, e.g. {@code linux/arm64}. */
  public String getPlatform() {
    return platform;
  }

  /** The normalised platform, or empty when the text is not a valid platform. */
  public Optional<Platform> parsedPlatform() {
    try {
      return Optional.of(Platform.parse(platform));
    } catch (InvalidPlatformException e) {
      return Optional.empty();
    }
  }

  /** What is wrong with this builder, as messages for the administrator; empty when valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    BuilderSetRules.checkPlatform(platform).ifPresent(problems::add);
    return problems;
  }

  @Override
  public PlatformBuilderDescriptor getDescriptor() {
    return (PlatformBuilderDescriptor) Jenkins.get().getDescriptorOrDie(getClass());
  }

  /** Base of every builder kind's descriptor: the shared platform field check. */
  public abstract static class PlatformBuilderDescriptor extends Descriptor<PlatformBuilder> {
    @POST
    public FormValidation doCheckPlatform(@QueryParameter String value) {
      Jenkins.get().checkPermission(Jenkins.ADMINISTER);
      return Validations.toForm(BuilderSetRules.checkPlatform(value));
    }
  }
}
