package hudson.model;

public abstract class Project<P extends Project<P, B>, B extends Build<P, B>> extends AbstractProject<P, B> {
  Project() { throw new UnsupportedOperationException(); }
}
