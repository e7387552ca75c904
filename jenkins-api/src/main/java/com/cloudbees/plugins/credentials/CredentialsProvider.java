package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Node;
import hudson.model.Run;
import hudson.security.Permission;
import hudson.util.ListBoxModel;
import java.util.List;
import org.jenkins.ui.icon.IconSpec;
import org.springframework.security.core.Authentication;

/** Only the static API a consumer plugin calls is declared; the deprecated acegi overloads are left out. */
@SuppressWarnings("rawtypes")
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
    implements ExtensionPoint, Describable<CredentialsProvider>, IconSpec {
  public static final Permission USE_OWN = null;
  public static final Permission USE_ITEM = null;
  public static final Permission CREATE = null;
  public static final Permission UPDATE = null;
  public static final Permission VIEW = null;
  public static final Permission DELETE = null;
  public static final Permission MANAGE_DOMAINS = null;

  private CredentialsProvider() { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends IdCredentials> C findCredentialById(@NonNull String id,
      @NonNull Class<C> type, @NonNull Run<?, ?> run) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends IdCredentials> C findCredentialById(@NonNull String id,
      @NonNull Class<C> type, @NonNull Run<?, ?> run, @Nullable List<DomainRequirement> domainRequirements) { throw new UnsupportedOperationException(); }

  public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
      @NonNull Run<?, ?> run, DomainRequirement... domainRequirements) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends Credentials> C track(@NonNull Node node, @CheckForNull C credentials) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends Credentials> C track(@NonNull Item item, @CheckForNull C credentials) { throw new UnsupportedOperationException(); }

  @SafeVarargs
  public static <C extends Credentials> List<C> trackAll(@NonNull Run build, C... credentials) { throw new UnsupportedOperationException(); }

  public static <C extends Credentials> List<C> trackAll(@NonNull Run build, @NonNull List<C> credentials) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends IdCredentials> C findCredentialByIdInItem(@NonNull String id,
      @NonNull Class<C> type, @Nullable Item item, @Nullable Authentication authentication,
      @Nullable List<DomainRequirement> domainRequirements) { throw new UnsupportedOperationException(); }

  public static @CheckForNull <C extends IdCredentials> C findCredentialByIdInItemGroup(@NonNull String id,
      @NonNull Class<C> type, @Nullable ItemGroup<?> itemGroup, @Nullable Authentication authentication,
      @Nullable List<DomainRequirement> domainRequirements) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
      @Nullable Item item, @Nullable Authentication authentication) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends Credentials> List<C> lookupCredentialsInItem(@NonNull Class<C> type,
      @Nullable Item item, @Nullable Authentication authentication,
      @Nullable List<DomainRequirement> domainRequirements) { throw new UnsupportedOperationException(); }

  public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
      @Nullable ItemGroup itemGroup, @Nullable Authentication authentication) { throw new UnsupportedOperationException(); }

  public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(@NonNull Class<C> type,
      @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
      @Nullable List<DomainRequirement> domainRequirements) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends IdCredentials> ListBoxModel listCredentialsInItem(@NonNull Class<C> type,
      @Nullable Item item, @Nullable Authentication authentication,
      @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }

  public static @NonNull <C extends IdCredentials> ListBoxModel listCredentialsInItemGroup(@NonNull Class<C> type,
      @Nullable ItemGroup itemGroup, @Nullable Authentication authentication,
      @Nullable List<DomainRequirement> domainRequirements, @Nullable CredentialsMatcher matcher) { throw new UnsupportedOperationException(); }
}
