package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Set;

public abstract class Label extends Actionable implements Comparable<Label>, ModelObject {
  protected Label(@NonNull String name) { throw new UnsupportedOperationException(); }

  public final @NonNull String getName() { throw new UnsupportedOperationException(); }

  public abstract String getExpression();

  public static @CheckForNull Label get(String l) { throw new UnsupportedOperationException(); }

  public static Label parseExpression(@NonNull String labelExpression) { throw new UnsupportedOperationException(); }

  public Set<Node> getNodes() { throw new UnsupportedOperationException(); }

  public final boolean matches(Node n) { throw new UnsupportedOperationException(); }

  public boolean isAssignable() { throw new UnsupportedOperationException(); }

  @Override
  public final int compareTo(Label that) { throw new UnsupportedOperationException(); }
}
