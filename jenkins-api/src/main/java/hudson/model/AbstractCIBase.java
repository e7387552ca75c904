package hudson.model;

public abstract class AbstractCIBase extends Node {
  protected AbstractCIBase() { throw new UnsupportedOperationException(); }
}
