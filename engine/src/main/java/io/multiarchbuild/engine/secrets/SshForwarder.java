package io.multiarchbuild.engine.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The caller's own ssh-agent, forwarded as it is ({@code --ssh default}, or {@code --ssh id=SOCKET}).
 * Only validated here: the wiring bind-mounts {@link #socket()} into the container.
 *
 * @param socket an existing Unix-domain socket
 */
public record SshForwarder(Path socket) {

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  /** The agent {@code SSH_AUTH_SOCK} in {@code env} points at. */
  public static SshForwarder fromEnvironment(Map<String, String> env) {
    String sock = env.get("SSH_AUTH_SOCK");
    if (sock == null || sock.isBlank()) {
      throw new SecretsError("--ssh default needs SSH_AUTH_SOCK to point at a running ssh-agent (it is not set)");
    }
    Path path = Path.of(sock);
    if (!isSocket(path)) {
      throw new SecretsError(
          "--ssh default needs SSH_AUTH_SOCK to point at a running ssh-agent; "
              + path
              + (Files.exists(path) ? " is not a socket" : " does not exist"));
    }
    return new SshForwarder(path);
  }

  /** A socket given explicitly ({@code --ssh id=/path/to/agent.sock}). */
  public static SshForwarder of(Path socket) {
    if (!isSocket(socket)) {
      throw new SecretsError("--ssh: " + socket + " is not a socket of a running ssh-agent");
    }
    return new SshForwarder(socket);
  }

  /** Whether {@code path} (following links) is a Unix-domain socket. */
  static boolean isSocket(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return (mode & S_IFMT) == S_IFSOCK;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

}
