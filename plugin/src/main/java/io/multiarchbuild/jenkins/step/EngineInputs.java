package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.Credentials;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.secrets.SshKey;
import io.multiarchbuild.engine.secrets.SshSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * THE ADAPTER between resolved Jenkins inputs and the engine's request: the one place that knows how
 * build secrets, SSH keys, the forwarded agent, registry logins and cache import/export reach
 * {@link BuildRequest}.
 *
 * <p>Plain values live here only on the agent, for the duration of one build; {@link #close()}
 * wipes the secret bytes.
 */
public final class EngineInputs implements AutoCloseable {

  /** One private key's text, named for messages by its credential id, with its passphrase or null. */
  public record KeyText(String name, String privateKey, String passphrase) {
    @Override
    public String toString() {
      return "KeyText[" + name + "]";
    }
  }

  private final Map<String, byte[]> secrets;
  private final Map<String, List<KeyText>> sshKeys;
  private final String agentSocket;
  private final Map<String, Credentials> registryLogins;
  private final List<String> maskValues;
  /** The engine's copy of the secrets, made by {@link #applyTo}; wiped in {@link #close()}. */
  private SecretStore secretStore;

  EngineInputs(Map<String, byte[]> secrets, Map<String, List<KeyText>> sshKeys, String agentSocket,
      Map<String, Credentials> registryLogins, List<String> maskValues) {
    this.secrets = new LinkedHashMap<>(secrets);
    this.sshKeys = new LinkedHashMap<>(sshKeys);
    this.agentSocket = agentSocket;
    this.registryLogins = Map.copyOf(registryLogins);
    this.maskValues = List.copyOf(maskValues);
  }

  public static EngineInputs none() {
    return new EngineInputs(Map.of(), Map.of(), null, Map.of(), List.of());
  }

  /**
   * Puts secrets, SSH sources and cache import/export into the request: the credential values become
   * the engine's programmatic secret source (closed with this object), SSH credentials keys served by
   * an in-process agent per ssh id, and a forwarded agent the {@code default} ssh id. A bad key or
   * passphrase fails here with one line naming the credential.
   */
  public BuildRequest.Builder applyTo(BuildRequest.Builder request, List<String> cacheFrom, List<String> cacheTo) {
    request.cacheFrom(cacheSpecs("cacheFrom", cacheFrom, CacheSpec::parseFrom));
    request.cacheTo(cacheSpecs("cacheTo", cacheTo, CacheSpec::parseTo));
    SecretStore.Builder store = SecretStore.builder(Map.of());
    secrets.forEach(store::add);
    SecretStore built = store.build();
    if (secretStore != null) {
      secretStore.close();
    }
    secretStore = built;
    request.secrets(built);
    sshKeys.forEach((id, texts) -> request.sshKeys(id, parseKeys(texts)));
    if (agentSocket != null) {
      request.ssh(new SshSpec(SshSpec.DEFAULT_ID, List.of(agentSocket)));
    }
    return request;
  }

  /** buildx's {@code --cache-from}/{@code --cache-to} values; a bad one fails naming the option and its index. */
  static List<CacheSpec> cacheSpecs(String option, List<String> specs, Function<String, CacheSpec> parser) {
    List<CacheSpec> parsed = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      try {
        parsed.add(parser.apply(specs.get(i)));
      } catch (UserError e) {
        throw new OptionError(option + "[" + i + "]", e.getMessage());
      }
    }
    return parsed;
  }

  private static List<SshKey> parseKeys(List<KeyText> texts) {
    List<SshKey> keys = new ArrayList<>();
    for (KeyText k : texts) {
      char[] passphrase = k.passphrase() == null ? null : k.passphrase().toCharArray();
      try {
        keys.addAll(SshKey.parse(k.name(), k.privateKey(), passphrase));
      } finally {
        if (passphrase != null) {
          Arrays.fill(passphrase, '\0');
        }
      }
    }
    return keys;
  }

  /**
   * Registry logins of the step first; other registries as the agent's Docker config says (found, and
   * its credential helpers run, with the agent process's environment).
   */
  public CredentialStore credentialStore() {
    return CredentialStore.firstOf(CredentialStore.of(registryLogins), CredentialStore.dockerConfig(System.getenv()));
  }

  /**
   * Every value the console and the build record must not show; once {@link #applyTo} ran, also the
   * forms the engine's secret store derives (a secret file's value without its final line break, and
   * its longer lines one by one), since logs print files line by line.
   */
  public List<String> maskValues() {
    if (secretStore == null) {
      return maskValues;
    }
    Set<String> all = new LinkedHashSet<>(maskValues);
    all.addAll(secretStore.maskValues());
    return List.copyOf(all);
  }

  Map<String, byte[]> secrets() {
    return secrets;
  }

  Map<String, List<KeyText>> sshKeys() {
    return sshKeys;
  }

  String agentSocket() {
    return agentSocket;
  }

  Map<String, Credentials> registryLogins() {
    return registryLogins;
  }

  @Override
  public void close() {
    if (secretStore != null) {
      secretStore.close();
    }
    for (byte[] b : secrets.values()) {
      Arrays.fill(b, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "EngineInputs[secrets=" + secrets.keySet() + ", ssh=" + new ArrayList<>(sshKeys.keySet())
        + ", agent=" + (agentSocket != null) + ", registries=" + registryLogins.keySet() + "]";
  }
}
