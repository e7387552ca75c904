package io.multiarchbuild.engine.secrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SSH agents of one build, by id: the entry point the build wiring uses for {@code RUN
 * --mount=type=ssh}. Each {@code --ssh} spec becomes an agent socket — the caller's own agent
 * ({@code SSH_AUTH_SOCK}, or a socket path given), or an in-process {@link SshAgentServer} serving
 * the key files given — and each programmatic source (Jenkins SSH credentials, already loaded as
 * {@link SshKey}s) becomes an in-process agent. {@link #close()} stops the in-process agents.
 */
public final class SshSources implements AutoCloseable {

  private final Map<String, Path> sockets;
  private final List<SshAgentServer> agents;

  private SshSources(Map<String, Path> sockets, List<SshAgentServer> agents) {
    this.sockets = sockets;
    this.agents = agents;
  }

  /**
   * Opens the agents.
   *
   * @param specs parsed {@code --ssh} values
   * @param keysById keys handed over by the caller, by ssh id (they replace a spec with the same id)
   * @param env the environment {@code SSH_AUTH_SOCK} is read from
   * @param runtimeDir where in-process agents create their private socket directories
   */
  public static SshSources open(
      List<SshSpec> specs, Map<String, List<SshKey>> keysById, Map<String, String> env, Path runtimeDir) {
    Map<String, Path> sockets = new LinkedHashMap<>();
    List<SshAgentServer> agents = new ArrayList<>();
    try {
      for (SshSpec spec : specs) {
        if (keysById.containsKey(spec.id())) {
          continue;
        }
        if (spec.paths().isEmpty()) {
          sockets.put(spec.id(), SshForwarder.fromEnvironment(env).socket());
        } else if (spec.paths().size() == 1 && SshForwarder.isSocket(Path.of(spec.paths().get(0)))) {
          sockets.put(spec.id(), SshForwarder.of(Path.of(spec.paths().get(0))).socket());
        } else {
          List<SshKey> keys = new ArrayList<>();
          for (String p : spec.paths()) {
            // as buildx: key files given on the command line cannot carry a passphrase
            keys.addAll(SshKey.load(Path.of(p), null));
          }
          SshAgentServer agent = SshAgentServer.start(runtimeDir, keys);
          agents.add(agent);
          sockets.put(spec.id(), agent.socket());
        }
      }
      for (Map.Entry<String, List<SshKey>> e : keysById.entrySet()) {
        SshAgentServer agent = SshAgentServer.start(runtimeDir, e.getValue());
        agents.add(agent);
        sockets.put(e.getKey(), agent.socket());
      }
    } catch (RuntimeException e) {
      agents.forEach(SshAgentServer::close);
      throw e;
    }
    return new SshSources(sockets, List.copyOf(agents));
  }

  /** The ssh ids provided. */
  public Set<String> ids() {
    return Set.copyOf(sockets.keySet());
  }

  /** The agent socket for {@code id}, if one was provided. */
  public Optional<Path> socket(String id) {
    return Optional.ofNullable(sockets.get(id));
  }

  /**
   * The agent socket a mount requires.
   *
   * @param requiredBy what asks for it, e.g. {@code RUN --mount=type=ssh (Dockerfile:5)}
   */
  public Path requireSocket(String id, String requiredBy) {
    return socket(id)
        .orElseThrow(
            () ->
                new SecretsError(
                    "ssh agent \""
                        + id
                        + "\" is required by "
                        + requiredBy
                        + " but was not provided; pass --ssh "
                        + (id.equals(SshSpec.DEFAULT_ID) ? "default" : id + "=<key file or agent socket>")));
  }

  /** Stops the in-process agents (forwarded sockets are the caller's and stay). */
  @Override
  public void close() {
    agents.forEach(SshAgentServer::close);
  }
}
