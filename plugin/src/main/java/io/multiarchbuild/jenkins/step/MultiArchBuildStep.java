package io.multiarchbuild.jenkins.step;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code multiArchBuild(...)}: builds a Dockerfile for several platforms with the embedded engine
 * and returns {@code [digest:, imageName:, platforms: [platform: manifest digest], metadata:]}. Every
 * option is optional; see {@link StepOptions} for the defaults.
 */
public final class MultiArchBuildStep extends Step {
  private String context = ".";
  private String file;
  private String target;
  private List<String> platforms = new ArrayList<>();
  private List<String> tags = new ArrayList<>();
  private boolean push;
  private Map<String, String> buildArgs = new LinkedHashMap<>();
  private Map<String, String> labels = new LinkedHashMap<>();
  private List<SecretOption> secrets = new ArrayList<>();
  private List<SshOption> ssh = new ArrayList<>();
  private boolean forwardAgent;
  private List<RegistryOption> registries = new ArrayList<>();
  private List<String> cacheFrom = new ArrayList<>();
  private List<String> cacheTo = new ArrayList<>();
  private List<String> outputs = new ArrayList<>();
  private boolean noCache;
  private List<BuilderOption> builders = new ArrayList<>();
  private String builderSet;

  @DataBoundConstructor
  public MultiArchBuildStep() {}

  @Override
  public StepExecution start(StepContext context) throws Exception {
    return new MultiArchBuildExecution(toOptions(), context);
  }

  /** The options as plain values (what the execution keeps and ships to agents). */
  public StepOptions toOptions() {
    return new StepOptions(context, file, target, platforms, tags, push, buildArgs, labels,
        secrets.stream().map(SecretOption::toRef).toList(), ssh.stream().map(SshOption::toRef).toList(), forwardAgent,
        registries.stream().map(RegistryOption::toRef).toList(), cacheFrom, cacheTo, outputs, noCache,
        builders.stream().map(BuilderOption::toOption).toList(), builderSet);
  }

  public String getContext() { return context; }
  @DataBoundSetter public void setContext(String context) { this.context = context; }

  public String getFile() { return file; }
  @DataBoundSetter public void setFile(String file) { this.file = file; }

  public String getTarget() { return target; }
  @DataBoundSetter public void setTarget(String target) { this.target = target; }

  public List<String> getPlatforms() { return platforms; }
  @DataBoundSetter public void setPlatforms(List<String> platforms) { this.platforms = copy(platforms); }

  public List<String> getTags() { return tags; }
  @DataBoundSetter public void setTags(List<String> tags) { this.tags = copy(tags); }

  public boolean isPush() { return push; }
  @DataBoundSetter public void setPush(boolean push) { this.push = push; }

  public Map<String, String> getBuildArgs() { return buildArgs; }
  @DataBoundSetter public void setBuildArgs(Map<String, String> buildArgs) { this.buildArgs = copy(buildArgs); }

  public Map<String, String> getLabels() { return labels; }
  @DataBoundSetter public void setLabels(Map<String, String> labels) { this.labels = copy(labels); }

  public List<SecretOption> getSecrets() { return secrets; }
  @DataBoundSetter public void setSecrets(List<SecretOption> secrets) { this.secrets = copy(secrets); }

  public List<SshOption> getSsh() { return ssh; }
  @DataBoundSetter public void setSsh(List<SshOption> ssh) { this.ssh = copy(ssh); }

  public boolean isForwardAgent() { return forwardAgent; }
  @DataBoundSetter public void setForwardAgent(boolean forwardAgent) { this.forwardAgent = forwardAgent; }

  public List<RegistryOption> getRegistries() { return registries; }
  @DataBoundSetter public void setRegistries(List<RegistryOption> registries) { this.registries = copy(registries); }

  public List<String> getCacheFrom() { return cacheFrom; }
  @DataBoundSetter public void setCacheFrom(List<String> cacheFrom) { this.cacheFrom = copy(cacheFrom); }

  public List<String> getCacheTo() { return cacheTo; }
  @DataBoundSetter public void setCacheTo(List<String> cacheTo) { this.cacheTo = copy(cacheTo); }

  public List<String> getOutputs() { return outputs; }
  @DataBoundSetter public void setOutputs(List<String> outputs) { this.outputs = copy(outputs); }

  public boolean isNoCache() { return noCache; }
  @DataBoundSetter public void setNoCache(boolean noCache) { this.noCache = noCache; }

  public List<BuilderOption> getBuilders() { return builders; }
  @DataBoundSetter public void setBuilders(List<BuilderOption> builders) { this.builders = copy(builders); }

  public String getBuilderSet() { return builderSet; }
  @DataBoundSetter public void setBuilderSet(String builderSet) { this.builderSet = builderSet; }

  private static <T> List<T> copy(List<T> in) {
    return in == null ? new ArrayList<>() : new ArrayList<>(in);
  }

  private static Map<String, String> copy(Map<String, String> in) {
    return in == null ? new LinkedHashMap<>() : new LinkedHashMap<>(in);
  }

  @Extension
  @Symbol("multiArchBuild")
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return "multiArchBuild";
    }

    @Override
    public String getDisplayName() {
      return "Build a multi-platform container image";
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
    }

    @POST
    public FormValidation doCheckBuilderSet(@QueryParameter String value) {
      return FormChecks.checkBuilderSet(value);
    }
  }
}
