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

/** An SSH key for {@code RUN --mount=type=ssh,id=<id>}, from an SSH username with private key credential (served by an in-process agent). */
public final class SshOption implements Describable<SshOption> {
  private final String id;
  private final String credentialsId;

  @DataBoundConstructor
  public SshOption(String id, String credentialsId) {
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
    return CredentialsMatchers.instanceOf(com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey.class);
  }

  @Extension
  public static final class DescriptorImpl extends Descriptor<SshOption> {
    @Override
    public String getDisplayName() {
      return "SSH key";
    }

    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
      return CredentialItems.fill(item, credentialsId, matcher());
    }

    @POST
    public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
      return CredentialItems.check(item, value, matcher(), "SSH private key");
    }

    @POST
    public FormValidation doCheckId(@QueryParameter String value) {
      return FormChecks.checkMountId(value);
    }
  }
}
