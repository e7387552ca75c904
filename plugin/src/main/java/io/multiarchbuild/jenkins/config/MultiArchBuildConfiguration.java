package io.multiarchbuild.jenkins.config;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The builder sets on Manage Jenkins → System. Stored in
 * {@code $JENKINS_HOME/io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration.xml} by
 * {@link #load()}/{@link #save()}; the form is bound onto {@link #setBuilderSets} by
 * GlobalConfiguration's {@code configure}, and a configuration that breaks the rules comes back to the
 * administrator as a {@link FormException} on the {@code builderSets} field (not a stack trace).
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
      throw new InvalidBuilderSetsException(String.join("; ", problems));
    }
    this.builderSets = new ArrayList<>(candidate.all());
    save();
  }

  /**
   * Binds the submitted form (through {@link #setBuilderSets}); a rejected configuration becomes the
   * form error Jenkins shows next to the field, and nothing is saved.
   */
  @Override
  public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
    try {
      return super.configure(req, json);
    } catch (RuntimeException e) {
      String problem = problemIn(e);
      if (problem == null) {
        throw e;
      }
      throw new FormException(problem, "builderSets");
    }
  }

  /** The rule violation behind a binding failure (Stapler may wrap the setter's exception), or null. */
  static String problemIn(Throwable t) {
    for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof InvalidBuilderSetsException) {
        return c.getMessage();
      }
    }
    return null;
  }

  /** What {@link #setBuilderSets} throws for a configuration that breaks the rules. */
  static final class InvalidBuilderSetsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidBuilderSetsException(String message) {
      super(message);
    }
  }

  /** The builder set with this name, if an administrator defined one. */
  public Optional<BuilderSet> findBuilderSet(String name) {
    return sets().find(name);
  }

  private BuilderSets sets() {
    return new BuilderSets(builderSets);
  }
}
