package org.jenkinsci.plugins.workflow.steps;

/** Constructors omitted: the plugin only catches it; Pipeline throws it before a step starts. */
public class MissingContextVariableException extends Exception {
  private MissingContextVariableException() { throw new UnsupportedOperationException(); }
}
