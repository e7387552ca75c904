package io.multiarchbuild.jenkins.page;

import hudson.model.Action;
import hudson.model.Run;

/**
 * The job page's box for the image of its last successful build ({@code jobMain.jelly}). Jenkins asks
 * {@link MultiArchBuildAction#getProjectActions()} for it each time the job page is shown; it only
 * links back to the build action and is never stored.
 */
public final class LastImageProjectAction implements Action {

  private final MultiArchBuildAction build;

  LastImageProjectAction(MultiArchBuildAction build) {
    this.build = build;
  }

  public MultiArchBuildAction getBuildAction() {
    return build;
  }

  /** {@code job/x/12/multiarch-build/}, relative to Jenkins' root URL; null before the action is attached. */
  public String getBuildActionUrl() {
    Run<?, ?> run = build.getRun();
    return run == null ? null : run.getUrl() + build.getUrlName() + "/";
  }

  /** No side-panel entry: the box on the job page is enough. */
  @Override
  public String getIconFileName() {
    return null;
  }

  @Override
  public String getDisplayName() {
    return "Last multi-arch image";
  }

  @Override
  public String getUrlName() {
    return null;
  }
}
