package org.jenkinsci.plugins.workflow.steps;

public class StepExecutions {
  private StepExecutions() { throw new UnsupportedOperationException(); }

  public static StepExecution synchronous(StepContext context, SynchronousBody body) { throw new UnsupportedOperationException(); }

  public static StepExecution synchronousVoid(StepContext context, SynchronousBodyVoid body) { throw new UnsupportedOperationException(); }

  public static StepExecution synchronousNonBlocking(StepContext context, SynchronousBody body) { throw new UnsupportedOperationException(); }

  public static StepExecution synchronousNonBlockingVoid(StepContext context, SynchronousBodyVoid body) { throw new UnsupportedOperationException(); }

  public static StepExecution block(StepContext context, BlockBody body) { throw new UnsupportedOperationException(); }

  @FunctionalInterface
  public interface SynchronousBody {
    Object call(StepContext context) throws Exception;
  }

  @FunctionalInterface
  public interface SynchronousBodyVoid {
    void call(StepContext context) throws Exception;
  }

  @FunctionalInterface
  public interface BlockBody {
    void call(StepContext context, BodyInvoker invoker) throws Exception;
  }
}
