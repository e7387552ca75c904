package io.multiarchbuild.jenkins.step;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.UsernamePasswordCredentials;
import hudson.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns the credential ids of a step into values: secret text/file → build secrets, SSH private
 * keys → the in-process agent, username/password → registry logins. Each credential used is tracked
 * on the run. Unknown ids and wrong kinds fail with one line naming the option.
 */
public final class CredentialResolver {

  private CredentialResolver() {}

  /**
   * @param env the step's environment; {@code SSH_AUTH_SOCK} is read from it for {@code forwardAgent}
   */
  public static ResolvedCredentials resolve(StepOptions options, CredentialLookup lookup, Map<String, String> env)
      throws IOException {
    List<ResolvedCredentials.SecretValue> secrets = new ArrayList<>();
    for (int i = 0; i < options.secrets().size(); i++) {
      StepOptions.CredentialRef ref = options.secrets().get(i);
      String option = "secrets[" + i + "].credentialsId";
      IdCredentials c = find(lookup, ref, option);
      if (c instanceof StringCredentials s) {
        secrets.add(new ResolvedCredentials.SecretValue(ref.key(), s.getSecret(), false));
      } else if (c instanceof FileCredentials f) {
        byte[] content;
        try (InputStream in = f.getContent()) {
          content = in.readAllBytes();
        }
        secrets.add(new ResolvedCredentials.SecretValue(ref.key(),
            Secret.fromString(Base64.getEncoder().encodeToString(content)), true));
      } else {
        throw wrongKind(option, ref, c, "a secret text or secret file credential");
      }
      lookup.track(c);
    }
    List<ResolvedCredentials.SshValue> ssh = new ArrayList<>();
    for (int i = 0; i < options.ssh().size(); i++) {
      StepOptions.CredentialRef ref = options.ssh().get(i);
      String option = "ssh[" + i + "].credentialsId";
      IdCredentials c = find(lookup, ref, option);
      if (!(c instanceof SSHUserPrivateKey key)) {
        throw wrongKind(option, ref, c, "an 'SSH Username with private key' credential");
      }
      List<Secret> keys = new ArrayList<>();
      for (String text : key.getPrivateKeys()) {
        keys.add(Secret.fromString(text));
      }
      if (keys.isEmpty()) {
        throw new OptionError(option, "credential '" + ref.credentialsId() + "' holds no private key");
      }
      ssh.add(new ResolvedCredentials.SshValue(ref.key(), ref.credentialsId(), keys, key.getPassphrase()));
      lookup.track(c);
    }
    String socket = null;
    if (options.forwardAgent()) {
      socket = env.get("SSH_AUTH_SOCK");
      if (socket == null || socket.isBlank()) {
        throw new OptionError("forwardAgent", "SSH_AUTH_SOCK is not set; call the step inside sshagent(['credential-id']) { … }");
      }
      if (options.ssh().stream().anyMatch(r -> r.key().equals("default"))) {
        throw new OptionError("forwardAgent", "ssh id 'default' is already taken by ssh: [[id: 'default', …]]; drop one of them");
      }
    }
    List<ResolvedCredentials.RegistryLogin> logins = new ArrayList<>();
    for (int i = 0; i < options.registries().size(); i++) {
      StepOptions.CredentialRef ref = options.registries().get(i);
      String option = "registries[" + i + "].credentialsId";
      String host = RegistryHosts.host(ref.key(), "registries[" + i + "].url");
      IdCredentials c = find(lookup, ref, option);
      if (!(c instanceof UsernamePasswordCredentials up)) {
        throw wrongKind(option, ref, c, "a 'Username with password' credential");
      }
      logins.add(new ResolvedCredentials.RegistryLogin(host, up.getUsername(), up.getPassword()));
      lookup.track(c);
    }
    return new ResolvedCredentials(secrets, ssh, socket, logins);
  }

  private static IdCredentials find(CredentialLookup lookup, StepOptions.CredentialRef ref, String option) {
    IdCredentials c = lookup.find(ref.credentialsId());
    if (c == null) {
      throw new OptionError(option, "no credential with id '" + ref.credentialsId()
          + "' is available to this build (check the id, its folder and that the job may use it)");
    }
    return c;
  }

  private static OptionError wrongKind(String option, StepOptions.CredentialRef ref, IdCredentials c, String wanted) {
    return new OptionError(option, "credential '" + ref.credentialsId() + "' is " + kind(c) + "; use " + wanted);
  }

  /** What the user calls this kind of credential in the Jenkins UI. */
  static String kind(IdCredentials c) {
    if (c instanceof StringCredentials) {
      return "a secret text";
    }
    if (c instanceof FileCredentials) {
      return "a secret file";
    }
    if (c instanceof SSHUserPrivateKey) {
      return "an SSH private key";
    }
    if (c instanceof UsernamePasswordCredentials) {
      return "a username with password";
    }
    return "of kind " + c.getClass().getSimpleName();
  }
}
