package org.jenkinsci.plugins.workflow.steps;

public abstract class GeneralNonBlockingStepExecution extends StepExecution {
  protected GeneralNonBlockingStepExecution(StepContext context) { throw new UnsupportedOperationException(); }

  protected final void run(Block block) { throw new UnsupportedOperationException(); }

  protected interface Block {
    void run() throws Exception;
  }

  protected abstract class TailCall extends BodyExecutionCallback {
    protected abstract void finished(StepContext context) throws Exception;
  }
}
