package hudson.model;

public abstract class Build<P extends Project<P, B>, B extends Build<P, B>> extends AbstractBuild<P, B> {
  Build() { throw new UnsupportedOperationException(); }
}
