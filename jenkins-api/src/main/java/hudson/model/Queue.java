package hudson.model;

public class Queue implements Saveable {
  private Queue() { throw new UnsupportedOperationException(); }

  @Override
  public void save() { throw new UnsupportedOperationException(); }

  /** Memberless here: only the parameter type of {@code Tasks.getAuthenticationOf2}. */
  public interface Task {}
}
