package hudson.model.labels;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Label;
import hudson.model.Saveable;

public class LabelAtom extends Label implements Saveable {
  public LabelAtom(@NonNull String name) {
    super(name);
    throw new UnsupportedOperationException();
  }

  @Override
  public String getExpression() { throw new UnsupportedOperationException(); }

  @Override
  public String getDisplayName() { throw new UnsupportedOperationException(); }

  @Override
  public void save() { throw new UnsupportedOperationException(); }
}
