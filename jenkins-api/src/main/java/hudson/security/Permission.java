package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

public final class Permission {
  private Permission() { throw new UnsupportedOperationException(); }

  public @NonNull String getId() { throw new UnsupportedOperationException(); }
}
