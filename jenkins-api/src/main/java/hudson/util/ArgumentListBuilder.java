package hudson.util;

import java.io.Serializable;
import java.util.List;

public class ArgumentListBuilder implements Serializable, Cloneable {
  public ArgumentListBuilder() { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder(String... args) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder add(String a) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder add(String a, boolean mask) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder add(Object a) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder add(String... args) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder add(Iterable<String> args) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder addTokenized(String s) { throw new UnsupportedOperationException(); }

  public ArgumentListBuilder addMasked(Secret s) { throw new UnsupportedOperationException(); }

  public void addMasked(String string) { throw new UnsupportedOperationException(); }

  public String[] toCommandArray() { throw new UnsupportedOperationException(); }

  public List<String> toList() { throw new UnsupportedOperationException(); }

  public boolean[] toMaskArray() { throw new UnsupportedOperationException(); }

  public boolean hasMaskedArguments() { throw new UnsupportedOperationException(); }
}
