package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.ModelObject;
import java.util.ArrayList;
import java.util.Collection;
import org.kohsuke.stapler.HttpResponse;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
  public ListBoxModel() { throw new UnsupportedOperationException(); }

  public ListBoxModel(int initialCapacity) { throw new UnsupportedOperationException(); }

  public ListBoxModel(Collection<Option> c) { throw new UnsupportedOperationException(); }

  public ListBoxModel(Option... data) { throw new UnsupportedOperationException(); }

  public void add(@NonNull String displayName, @NonNull String value) { throw new UnsupportedOperationException(); }

  public void add(ModelObject usedForDisplayName, @NonNull String value) { throw new UnsupportedOperationException(); }

  public ListBoxModel add(@NonNull String nameAndValue) { throw new UnsupportedOperationException(); }

  public static final class Option {
    public @NonNull String name;
    public @NonNull String value;
    public boolean selected;

    public Option(@NonNull String name, @NonNull String value) { throw new UnsupportedOperationException(); }

    public Option(@NonNull String name) { throw new UnsupportedOperationException(); }

    public Option(@NonNull String name, @NonNull String value, boolean selected) { throw new UnsupportedOperationException(); }
  }
}
