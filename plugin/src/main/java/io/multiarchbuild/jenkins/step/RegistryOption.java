package io.multiarchbuild.jenkins.step;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A registry login: a username/password credential used for the registry at {@code url} (pull, push and cache). */
public final class RegistryOption implements Describable<RegistryOption> {
  private final String url;
  private final String credentialsId;

  @DataBoundConstructor
  public RegistryOption(String url, String credentialsId) {
    this.url = url == null ? "" : url.trim();
    this.credentialsId = credentialsId == null ? "" : credentialsId.trim();
  }

  public String getUrl() {
    return url;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  StepOptions.CredentialRef toRef() {
    return new StepOptions.CredentialRef(url, credentialsId);
  }

  static CredentialsMatcher matcher() {
    return CredentialsMatchers.instanceOf(com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials.class);
  }

  @Extension
  public static final class DescriptorImpl extends Descriptor<RegistryOption> {
    @Override
    public String getDisplayName() {
      return "Registry login";
    }

    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
      return CredentialItems.fill(item, credentialsId, matcher());
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
      return CredentialItems.check(item, value, matcher(), "username with password");
    }

    @POST
    public FormValidation doCheckUrl(@QueryParameter String value) {
      return FormChecks.checkRegistry(value);
    }
  }
}
