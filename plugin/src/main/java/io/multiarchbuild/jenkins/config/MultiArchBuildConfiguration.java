package io.multiarchbuild.jenkins.config;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The builder sets on Manage Jenkins → System. Stored in
 * {@code $JENKINS_HOME/io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration.xml} by
 * {@link #load()}/{@link #save()}; the form is bound onto {@link #setBuilderSets} by
 * GlobalConfiguration's default {@code configure}.
 */
@Extension
@Symbol("multiArchBuild")
public class MultiArchBuildConfiguration extends GlobalConfiguration {
  // ArrayList, not an immutable copy: XStream persists this field (see BuilderSet).
  private ArrayList<BuilderSet> builderSets = new ArrayList<>();

  public MultiArchBuildConfiguration() {
    load();
  }

  /** The registered instance. */
  public static MultiArchBuildConfiguration get() {
    return ExtensionList.lookupSingleton(MultiArchBuildConfiguration.class);
  }

  @Override
  public String getDisplayName() {
    return Messages.get("MultiArchBuildConfiguration.DisplayName");
  }

  public List<BuilderSet> getBuilderSets() {
    return sets().all();
  }

  /**
   * Replaces the builder sets and saves them. Rejects a configuration that breaks the rules (the
   * per-field checks on the form show the same messages while typing).
   */
  @DataBoundSetter
  public void setBuilderSets(List<BuilderSet> builderSets) {
    BuilderSets candidate = new BuilderSets(builderSets);
    List<String> problems = candidate.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    this.builderSets = new ArrayList<>(candidate.all());
    save();
  }

  /** The builder set with this name, if an administrator defined one. */
  public Optional<BuilderSet> findBuilderSet(String name) {
    return sets().find(name);
  }

  private BuilderSets sets() {
    return new BuilderSets(builderSets);
  }
}
