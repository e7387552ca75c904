package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.registry.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialResolverTest {
  private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

  private final FakeCredentials store = new FakeCredentials()
      .add(new FakeCredentials.Text("npm-token", "s3cr3t-npm"))
      .add(new FakeCredentials.File("npmrc", new byte[] {'a', 0, (byte) 0xff, 'z'}))
      .add(new FakeCredentials.SshKey("deploy-key", List.of(KEY), "pass-phrase"))
      .add(new FakeCredentials.Login("reg-creds", "robot", "reg-pa55"));

  @Test
  void resolve_eachKind_becomesItsEngineInput_andIsTracked() throws Exception {
    Options o = new Options();
    o.secrets = List.of(new StepOptions.CredentialRef("npm_token", "npm-token"), new StepOptions.CredentialRef("npmrc", "npmrc"));
    o.ssh = List.of(new StepOptions.CredentialRef("github", "deploy-key"));
    o.registries = List.of(new StepOptions.CredentialRef("https://registry.example.com/", "reg-creds"));

    ResolvedCredentials resolved = CredentialResolver.resolve(o.build(), store, Map.of());

    assertThat(store.tracked).containsExactly("npm-token", "npmrc", "deploy-key", "reg-creds");
    try (EngineInputs in = resolved.open()) {
      assertThat(new String(in.secrets().get("npm_token"), StandardCharsets.UTF_8)).isEqualTo("s3cr3t-npm");
      assertThat(in.secrets().get("npmrc")).containsExactly('a', 0, (byte) 0xff, 'z');
      assertThat(in.sshKeys().get("github")).containsExactly(new EngineInputs.KeyText("deploy-key", KEY, "pass-phrase"));
      assertThat(in.registryLogins()).containsExactly(Map.entry("registry.example.com", Credentials.basic("robot", "reg-pa55")));
      assertThat(in.credentialStore().lookup("registry.example.com")).contains(Credentials.basic("robot", "reg-pa55"));
      assertThat(in.maskValues()).contains("s3cr3t-npm", "pass-phrase", "reg-pa55");
      assertThat(in.toString()).doesNotContain("s3cr3t", "reg-pa55", "pass-phrase");
    }
  }

  @Test
  void resolve_secretValuesTravelAsSecrets_notPlainStrings() throws Exception {
    Options o = new Options();
    o.secrets = List.of(new StepOptions.CredentialRef("npm_token", "npm-token"));

    ResolvedCredentials resolved = CredentialResolver.resolve(o.build(), store, Map.of());

    assertThat(resolved.secrets().get(0).value()).isInstanceOf(hudson.util.Secret.class);
    assertThat(resolved.toString()).doesNotContain("s3cr3t-npm");
  }

  @Test
  void resolve_unknownId_failsNamingTheOption() {
    Options o = new Options();
    o.secrets = List.of(new StepOptions.CredentialRef("npm_token", "nope"));

    assertThatThrownBy(() -> CredentialResolver.resolve(o.build(), store, Map.of())).isInstanceOf(OptionError.class)
        .hasMessageStartingWith("multiArchBuild secrets[0].credentialsId: no credential with id 'nope' is available to this build");
  }

  @Test
  void resolve_wrongKind_failsSayingWhatItIsAndWhatIsNeeded() {
    Options ssh = new Options();
    ssh.ssh = List.of(new StepOptions.CredentialRef("default", "reg-creds"));
    Options registry = new Options();
    registry.registries = List.of(new StepOptions.CredentialRef("registry.example.com", "deploy-key"));
    Options secret = new Options();
    secret.secrets = List.of(new StepOptions.CredentialRef("x", "reg-creds"));

    assertThatThrownBy(() -> CredentialResolver.resolve(ssh.build(), store, Map.of()))
        .hasMessage("multiArchBuild ssh[0].credentialsId: credential 'reg-creds' is a username with password; "
            + "use an 'SSH Username with private key' credential");
    assertThatThrownBy(() -> CredentialResolver.resolve(registry.build(), store, Map.of()))
        .hasMessage("multiArchBuild registries[0].credentialsId: credential 'deploy-key' is an SSH private key; "
            + "use a 'Username with password' credential");
    assertThatThrownBy(() -> CredentialResolver.resolve(secret.build(), store, Map.of()))
        .hasMessage("multiArchBuild secrets[0].credentialsId: credential 'reg-creds' is a username with password; "
            + "use a secret text or secret file credential");
    assertThat(store.tracked).isEmpty();
  }

  @Test
  void resolve_forwardAgent_takesSshAuthSockFromTheStepEnvironment() throws Exception {
    Options o = new Options();
    o.forwardAgent = true;

    ResolvedCredentials resolved = CredentialResolver.resolve(o.build(), store, Map.of("SSH_AUTH_SOCK", "/tmp/ssh-x/agent.1"));

    assertThat(resolved.agentSocket()).isEqualTo("/tmp/ssh-x/agent.1");
    assertThatThrownBy(() -> CredentialResolver.resolve(o.build(), store, Map.of()))
        .hasMessageStartingWith("multiArchBuild forwardAgent: SSH_AUTH_SOCK is not set; call the step inside sshagent");
  }

  @Test
  void resolve_noCredentialOptions_isEmpty_andTracksNothing() throws Exception {
    ResolvedCredentials resolved = CredentialResolver.resolve(new Options().build(), store, Map.of());

    assertThat(resolved.secrets()).isEmpty();
    assertThat(resolved.ssh()).isEmpty();
    assertThat(resolved.registries()).isEmpty();
    assertThat(store.tracked).isEmpty();
  }
}
