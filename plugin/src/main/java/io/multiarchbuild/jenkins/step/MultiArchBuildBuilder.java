package io.multiarchbuild.jenkins.step;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.jenkins.config.BuilderSet;
import io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step: the same options as {@code multiArchBuild}, with list and map options
 * as text areas (one value, or {@code KEY=VALUE}, per line), and the same mapping and execution
 * ({@link BuildDriver}). The image digest is printed to the log.
 */
public final class MultiArchBuildBuilder extends Builder implements SimpleBuildStep {
  private String context = ".";
  private String file = "";
  private String target = "";
  private String platforms = "";
  private String tags = "";
  private boolean push;
  private String buildArgs = "";
  private String labels = "";
  private List<SecretOption> secrets = new ArrayList<>();
  private List<SshOption> ssh = new ArrayList<>();
  private boolean forwardAgent;
  private List<RegistryOption> registries = new ArrayList<>();
  private String cacheFrom = "";
  private String cacheTo = "";
  private String outputs = "";
  private boolean noCache;
  private List<BuilderOption> builders = new ArrayList<>();
  private String builderSet = "";

  @DataBoundConstructor
  public MultiArchBuildBuilder() {}

  @Override
  public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
      @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
    StepOptions options;
    try {
      options = toOptions();
    } catch (UserError e) {
      throw new hudson.AbortException(e.getMessage());
    }
    Map<String, Object> result = BuildDriver.perform(options, run, workspace, env, listener);
    listener.getLogger().println("multiArchBuild: " + result.get("imageName") + " " + result.get("digest"));
  }

  /** The form's text into the options the Pipeline step has; {@link OptionError} for a malformed line. */
  public StepOptions toOptions() {
    return new StepOptions(context, file, target, Lines.split(platforms), Lines.split(tags), push,
        Lines.pairs(buildArgs, "buildArgs"), Lines.pairs(labels, "labels"),
        secrets.stream().map(SecretOption::toRef).toList(), ssh.stream().map(SshOption::toRef).toList(), forwardAgent,
        registries.stream().map(RegistryOption::toRef).toList(), Lines.lines(cacheFrom), Lines.lines(cacheTo),
        Lines.lines(outputs), noCache, builders.stream().map(BuilderOption::toOption).toList(), builderSet);
  }

  public String getContext() { return context; }
  @DataBoundSetter public void setContext(String context) { this.context = nz(context); }

  public String getFile() { return file; }
  @DataBoundSetter public void setFile(String file) { this.file = nz(file); }

  public String getTarget() { return target; }
  @DataBoundSetter public void setTarget(String target) { this.target = nz(target); }

  public String getPlatforms() { return platforms; }
  @DataBoundSetter public void setPlatforms(String platforms) { this.platforms = nz(platforms); }

  public String getTags() { return tags; }
  @DataBoundSetter public void setTags(String tags) { this.tags = nz(tags); }

  public boolean isPush() { return push; }
  @DataBoundSetter public void setPush(boolean push) { this.push = push; }

  public String getBuildArgs() { return buildArgs; }
  @DataBoundSetter public void setBuildArgs(String buildArgs) { this.buildArgs = nz(buildArgs); }

  public String getLabels() { return labels; }
  @DataBoundSetter public void setLabels(String labels) { this.labels = nz(labels); }

  public List<SecretOption> getSecrets() { return secrets; }
  @DataBoundSetter public void setSecrets(List<SecretOption> secrets) { this.secrets = copy(secrets); }

  public List<SshOption> getSsh() { return ssh; }
  @DataBoundSetter public void setSsh(List<SshOption> ssh) { this.ssh = copy(ssh); }

  public boolean isForwardAgent() { return forwardAgent; }
  @DataBoundSetter public void setForwardAgent(boolean forwardAgent) { this.forwardAgent = forwardAgent; }

  public List<RegistryOption> getRegistries() { return registries; }
  @DataBoundSetter public void setRegistries(List<RegistryOption> registries) { this.registries = copy(registries); }

  public String getCacheFrom() { return cacheFrom; }
  @DataBoundSetter public void setCacheFrom(String cacheFrom) { this.cacheFrom = nz(cacheFrom); }

  public String getCacheTo() { return cacheTo; }
  @DataBoundSetter public void setCacheTo(String cacheTo) { this.cacheTo = nz(cacheTo); }

  public String getOutputs() { return outputs; }
  @DataBoundSetter public void setOutputs(String outputs) { this.outputs = nz(outputs); }

  public boolean isNoCache() { return noCache; }
  @DataBoundSetter public void setNoCache(boolean noCache) { this.noCache = noCache; }

  public List<BuilderOption> getBuilders() { return builders; }
  @DataBoundSetter public void setBuilders(List<BuilderOption> builders) { this.builders = copy(builders); }

  public String getBuilderSet() { return builderSet; }
  @DataBoundSetter public void setBuilderSet(String builderSet) { this.builderSet = nz(builderSet); }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> copy(List<T> in) {
    return in == null ? new ArrayList<>() : new ArrayList<>(in);
  }

  @Extension
  public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
    @Override
    public String getDisplayName() {
      return "Build a multi-platform container image";
    }

    @SuppressWarnings("rawtypes")
    @Override
    public boolean isApplicable(Class<? extends AbstractProject> jobType) {
      return true;
    }

    @POST
    public FormValidation doCheckPlatforms(@QueryParameter String value) {
      return FormChecks.checkPlatforms(value);
    }

    @POST
    public FormValidation doCheckTags(@QueryParameter String value, @QueryParameter boolean push) {
      FormValidation syntax = FormChecks.checkTags(value);
      if (syntax.kind != FormValidation.Kind.OK || !push) {
        return syntax;
      }
      for (String tag : Lines.split(value)) {
        if (!StepPlan.namesRegistry(tag)) {
          return FormValidation.error("'" + tag + "' names no registry, so it cannot be pushed; write host/repository:tag");
        }
      }
      return FormValidation.ok();
    }

    @POST
    public FormValidation doCheckBuildArgs(@QueryParameter String value) {
      return pairs(value, "buildArgs");
    }

    @POST
    public FormValidation doCheckLabels(@QueryParameter String value) {
      return pairs(value, "labels");
    }

    @POST
    public FormValidation doCheckBuilderSet(@QueryParameter String value) {
      return FormChecks.checkBuilderSet(value);
    }

    public ListBoxModel doFillBuilderSetItems() {
      ListBoxModel items = new ListBoxModel();
      items.add("(none: build every platform here)", "");
      if (Jenkins.get().hasPermission(Jenkins.READ)) {
        for (BuilderSet set : MultiArchBuildConfiguration.get().getBuilderSets()) {
          items.add(set.getName(), set.getName());
        }
      }
      return items;
    }

    private static FormValidation pairs(String value, String option) {
      try {
        Lines.pairs(value, option);
        return FormValidation.ok();
      } catch (UserError e) {
        return FormValidation.error(e.getMessage());
      }
    }
  }
}
