package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Memberless here: the plugin starts no body yet. */
public abstract class BodyExecution implements Serializable {
  public BodyExecution() { throw new UnsupportedOperationException(); }
}
