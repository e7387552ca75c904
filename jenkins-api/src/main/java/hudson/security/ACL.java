package hudson.security;

import org.springframework.security.core.Authentication;

/** Only the constant the plugin uses; permission checks go through {@link AccessControlled}. */
public abstract class ACL {
  public static final Authentication SYSTEM2 = null;

  ACL() { throw new UnsupportedOperationException(); }
}
