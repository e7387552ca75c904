package io.multiarchbuild.jenkins.step;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs the build off the CPS thread: the engine works on the agent via {@code FilePath.act}, and
 * {@code stop} interrupts it (which cancels the build there). Not resumable after a controller
 * restart — a build in flight cannot be re-attached — so such a step fails then, as documented for
 * synchronous non-blocking steps.
 */
final class MultiArchBuildExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
  private static final long serialVersionUID = 1L;

  // transient, as the workflow-step-api README advises: the execution is saved with the Pipeline
  // program, and a synchronous non-blocking step never resumes from that state anyway.
  private final transient StepOptions options;

  MultiArchBuildExecution(StepOptions options, StepContext context) {
    super(context);
    this.options = options;
  }

  @Override
  protected Map<String, Object> run() throws Exception {
    StepContext c = getContext();
    return BuildDriver.perform(options, c.get(Run.class), c.get(FilePath.class), c.get(EnvVars.class),
        c.get(TaskListener.class));
  }
}
