package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.Credentials;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THE ADAPTER between resolved Jenkins inputs and the engine's request: the one place that knows how
 * build secrets, SSH keys, the forwarded agent, registry logins and cache import/export reach
 * {@link BuildRequest}. The engine's secret/ssh/cache fields are being reworked on other branches;
 * only {@link #applyTo} and {@link #credentialStore} change when they land.
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
   * Puts secrets, SSH sources and cache import/export into the request. ADAPTER POINT: the engine's
   * {@code BuildRequest} on this branch takes none of them yet ({@code secrets}/{@code ssh} are
   * placeholders that must stay empty, and there are no cache fields), so a build that asks for them
   * fails with one line naming the option instead of silently building without them. At merge
   * (APIs of the mounts and cachex branches), replace the checks with:
   * <pre>{@code
   * SecretStore.Builder store = SecretStore.builder(Map.of());
   * secrets.forEach(store::add);                                    // id -> bytes
   * request.secrets(store.build());                                 // close it in close()
   * sshKeys.forEach((id, texts) -> request.sshKeys(id, texts.stream().flatMap(k -> SshKey.parse(k.name(),
   *     k.privateKey(), k.passphrase() == null ? null : k.passphrase().toCharArray()).stream()).toList()));
   * if (agentSocket != null) request.ssh(new SshSpec("default", List.of(agentSocket)));
   * request.cacheFrom(cacheFrom.stream().map(CacheSpec::parseFrom).toList());  // UserError -> OptionError("cacheFrom[i]")
   * request.cacheTo(cacheTo.stream().map(CacheSpec::parseTo).toList());
   * }</pre>
   */
  public BuildRequest.Builder applyTo(BuildRequest.Builder request, List<String> cacheFrom, List<String> cacheTo) {
    if (!secrets.isEmpty()) {
      throw new OptionError("secrets", "this engine version cannot pass build secrets to RUN --mount=type=secret yet");
    }
    if (!sshKeys.isEmpty() || agentSocket != null) {
      throw new OptionError(sshKeys.isEmpty() ? "forwardAgent" : "ssh",
          "this engine version cannot serve RUN --mount=type=ssh yet");
    }
    if (!cacheFrom.isEmpty()) {
      throw new OptionError("cacheFrom", "this engine version cannot import cache from a registry yet");
    }
    if (!cacheTo.isEmpty()) {
      throw new OptionError("cacheTo", "this engine version cannot export cache to a registry yet");
    }
    return request;
  }

  /** Registry logins of the step first; other registries as the agent's Docker config says. */
  public CredentialStore credentialStore() {
    return CredentialStore.firstOf(CredentialStore.of(registryLogins), CredentialStore.dockerConfig());
  }

  /** Every value the console must not show. */
  public List<String> maskValues() {
    return maskValues;
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
