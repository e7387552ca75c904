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

/** A build secret: {@code RUN --mount=type=secret,id=<id>} reads the value of a secret text or secret file credential. */
public final class SecretOption implements Describable<SecretOption> {
  private final String id;
  private final String credentialsId;

  @DataBoundConstructor
  public SecretOption(String id, String credentialsId) {
    this.id = id == null ? "" : id.trim();
    this.credentialsId = credentialsId == null ? "" : credentialsId.trim();
  }

  public String getId() {
    return id;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  StepOptions.CredentialRef toRef() {
    return new StepOptions.CredentialRef(id, credentialsId);
  }

  static CredentialsMatcher matcher() {
    return CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(org.jenkinsci.plugins.plaincredentials.StringCredentials.class), CredentialsMatchers.instanceOf(org.jenkinsci.plugins.plaincredentials.FileCredentials.class));
  }

  @Extension
  public static final class DescriptorImpl extends Descriptor<SecretOption> {
    @Override
    public String getDisplayName() {
      return "Build secret";
    }

    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
      return CredentialItems.fill(item, credentialsId, matcher());
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
      return CredentialItems.check(item, value, matcher(), "secret text or secret file");
    }

    @POST
    public FormValidation doCheckId(@QueryParameter String value) {
      return FormChecks.checkMountId(value);
    }
  }
}
