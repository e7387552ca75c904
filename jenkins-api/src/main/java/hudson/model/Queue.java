package hudson.model;

public class Queue implements Saveable {
  private Queue() { throw new UnsupportedOperationException(); }

  @Override
  public void save() { throw new UnsupportedOperationException(); }

  public interface Task extends ModelObject {}
}
