package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.core.Authentication;

public abstract class ACL {
  public static final Authentication SYSTEM2 = null;

  protected ACL() { throw new UnsupportedOperationException(); }

  public abstract boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission);
}
