package io.multiarchbuild.jenkins.step;

import hudson.util.Secret;
import io.multiarchbuild.engine.registry.Credentials;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credentials of one build, resolved on the controller and carried to the agent as Jenkins
 * {@link Secret}s; {@link #open()} turns them into plain engine inputs there. Never persisted: the
 * step execution keeps it only in the thread that runs the build.
 *
 * @param secrets build secrets by id
 * @param ssh SSH keys by ssh id
 * @param agentSocket {@code SSH_AUTH_SOCK} to forward as ssh id {@code default}, or null
 * @param registries registry logins
 */
public record ResolvedCredentials(List<SecretValue> secrets, List<SshValue> ssh, String agentSocket,
    List<RegistryLogin> registries) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ResolvedCredentials {
    secrets = new ArrayList<>(secrets);
    ssh = new ArrayList<>(ssh);
    registries = new ArrayList<>(registries);
  }

  public static ResolvedCredentials none() {
    return new ResolvedCredentials(List.of(), List.of(), null, List.of());
  }

  /** A build secret; a secret file's bytes travel base64-encoded, since a Secret holds text. */
  public record SecretValue(String id, Secret value, boolean base64) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return "SecretValue[" + id + "]"; // Secret.toString() would show the value
    }
  }

  /** The private keys (OpenSSH/PEM text) of one SSH credential and its passphrase (or null). */
  public record SshValue(String id, String credentialsId, List<Secret> keys, Secret passphrase) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SshValue {
      keys = new ArrayList<>(keys);
    }

    @Override
    public String toString() {
      return "SshValue[" + id + " from " + credentialsId + "]";
    }
  }

  /** A username/password for one registry host (as image references name it, e.g. {@code docker.io}). */
  public record RegistryLogin(String host, String username, Secret password) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return "RegistryLogin[" + username + "@" + host + "]";
    }
  }

  /** The plain values, for the engine on the agent. */
  public EngineInputs open() {
    Map<String, byte[]> plainSecrets = new LinkedHashMap<>();
    List<String> masks = new ArrayList<>();
    for (SecretValue s : secrets) {
      String text = s.value().getPlainText();
      byte[] bytes = s.base64() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
      plainSecrets.put(s.id(), bytes);
      masks.add(s.base64() ? new String(bytes, StandardCharsets.UTF_8) : text);
    }
    Map<String, List<EngineInputs.KeyText>> keys = new LinkedHashMap<>();
    for (SshValue v : ssh) {
      String passphrase = v.passphrase() == null ? null : v.passphrase().getPlainText();
      if (passphrase != null && !passphrase.isEmpty()) {
        masks.add(passphrase);
      }
      List<EngineInputs.KeyText> texts = new ArrayList<>();
      for (Secret k : v.keys()) {
        texts.add(new EngineInputs.KeyText(v.credentialsId(), k.getPlainText(), passphrase));
      }
      keys.put(v.id(), texts);
    }
    Map<String, Credentials> logins = new LinkedHashMap<>();
    for (RegistryLogin l : registries) {
      String password = l.password().getPlainText();
      masks.add(password);
      logins.put(l.host(), Credentials.basic(l.username(), password));
    }
    return new EngineInputs(plainSecrets, keys, agentSocket, logins, masks);
  }
}
