package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;
import jenkins.util.io.OnMaster;

public class ExtensionList<T> extends AbstractList<T> implements OnMaster {
  private ExtensionList() { throw new UnsupportedOperationException(); }

  public static @NonNull <T> ExtensionList<T> lookup(Class<T> type) { throw new UnsupportedOperationException(); }

  public static @NonNull <U> U lookupSingleton(Class<U> type) { throw new UnsupportedOperationException(); }

  public static <U> U lookupFirst(Class<U> type) { throw new UnsupportedOperationException(); }

  @Override
  public T get(int index) { throw new UnsupportedOperationException(); }

  @Override
  public int size() { throw new UnsupportedOperationException(); }
}
