package org.jenkinsci.plugins.workflow.steps;

public class SynchronousResumeNotSupportedException extends Exception {
  public SynchronousResumeNotSupportedException(StepContext context) { throw new UnsupportedOperationException(); }
}
