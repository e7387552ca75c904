package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;

/** Fluent methods return this class (erased), so they are declared here and not on the subclasses. */
@SuppressWarnings("rawtypes")
public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>,
        C extends IdCredentials> extends ListBoxModel {
  public AbstractIdCredentialsListBoxModel() { throw new UnsupportedOperationException(); }

  protected abstract @NonNull String describe(@NonNull C c);

  public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> include(@Nullable Item context, @NonNull Class<? extends C> type) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> include(@NonNull ItemGroup context, @NonNull Class<? extends C> type) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> include(@Nullable Item context, @NonNull Class<? extends C> type,
      @NonNull List<DomainRequirement> domainRequirements) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> includeAs(@NonNull Authentication authentication,
      @Nullable Item context, @NonNull Class<? extends C> type) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> includeMatching(@Nullable Item context,
      @NonNull Class<? extends C> type, @NonNull List<DomainRequirement> domainRequirements,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(@NonNull Authentication authentication,
      @Nullable Item context, @NonNull Class<? extends C> type, @NonNull List<DomainRequirement> domainRequirements,
      @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(@NonNull Authentication authentication,
      @NonNull ItemGroup context, @NonNull Class<? extends C> type,
      @NonNull List<DomainRequirement> domainRequirements, @NonNull CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(@NonNull String value) { throw new UnsupportedOperationException(); }

  public AbstractIdCredentialsListBoxModel<T, C> with(@CheckForNull C u) { throw new UnsupportedOperationException(); }

  public boolean addMissing(@NonNull Collection<? extends Option> c) { throw new UnsupportedOperationException(); }
}
