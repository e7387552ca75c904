package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Collection;
import java.util.List;
import java.util.Set;

public class CredentialsMatchers {
  private CredentialsMatchers() { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher always() { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher never() { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher not(@NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public static @NonNull CredentialsMatcher instanceOf(@NonNull Class clazz) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher withId(@NonNull String id) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher withScope(@NonNull CredentialsScope scope) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher withScopes(@NonNull CredentialsScope... scopes) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher withScopes(@NonNull Collection<CredentialsScope> scopes) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher withUsername(@NonNull String username) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher allOf(@NonNull CredentialsMatcher... matchers) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher anyOf(@NonNull CredentialsMatcher... matchers) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher both(@NonNull CredentialsMatcher matcher1,
      @NonNull CredentialsMatcher matcher2) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher either(@NonNull CredentialsMatcher matcher1,
      @NonNull CredentialsMatcher matcher2) { throw new UnsupportedOperationException(); }

  public static @NonNull CredentialsMatcher noneOf(@NonNull CredentialsMatcher... matchers) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends Credentials> List<C> filter(@NonNull List<C> credentials,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends Credentials> Collection<C> filter(@NonNull Collection<C> credentials,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends Credentials> Set<C> filter(@NonNull Set<C> credentials,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends Credentials> Iterable<C> filter(@NonNull Iterable<C> credentials,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends Credentials> C firstOrNull(@NonNull Iterable<C> credentials,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public static <C extends Credentials> C firstOrDefault(@NonNull Iterable<C> credentials,
      @NonNull CredentialsMatcher matcher, @NonNull C defaultIfNone) { throw new UnsupportedOperationException(); }
}
