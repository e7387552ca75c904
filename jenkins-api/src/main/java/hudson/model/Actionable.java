package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.util.List;

public abstract class Actionable {
  public Actionable() { throw new UnsupportedOperationException(); }

  public @NonNull <T extends Action> List<T> getActions(Class<T> type) { throw new UnsupportedOperationException(); }

  public void addAction(@NonNull Action a) { throw new UnsupportedOperationException(); }

  public void replaceAction(@NonNull Action a) { throw new UnsupportedOperationException(); }

  public boolean addOrReplaceAction(@NonNull Action a) { throw new UnsupportedOperationException(); }

  public boolean removeAction(@Nullable Action a) { throw new UnsupportedOperationException(); }

  public boolean removeActions(@NonNull Class<? extends Action> clazz) { throw new UnsupportedOperationException(); }

  public <T extends Action> T getAction(Class<T> type) { throw new UnsupportedOperationException(); }

  public final @NonNull List<? extends Action> getAllActions() { throw new UnsupportedOperationException(); }
}
