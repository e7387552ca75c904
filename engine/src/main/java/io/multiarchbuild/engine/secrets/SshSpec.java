package io.multiarchbuild.engine.secrets;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One {@code --ssh} value: {@code default|<id>[=<socket>|<key>[,<key>]]}, as buildx takes it. No
 * paths means the caller's agent ({@code $SSH_AUTH_SOCK}); one path that is a socket is an agent to
 * forward; otherwise the paths are private key files served by an in-process agent. Which of these
 * it is gets decided when the sources are opened, since it depends on the file system.
 *
 * @param id the id a {@code RUN --mount=type=ssh,id=…} asks for ({@code default} if none)
 * @param paths a socket, key files, or empty
 */
public record SshSpec(String id, List<String> paths) {

  public static final String DEFAULT_ID = "default";

  public SshSpec {
    Objects.requireNonNull(id, "id");
    paths = List.copyOf(paths);
  }

  /** This spec with its socket or key paths resolved against {@code dir} (the caller's working directory). */
  public SshSpec resolvedAgainst(java.nio.file.Path dir) {
    return new SshSpec(id, paths.stream().map(p -> dir.resolve(p).toString()).toList());
  }

  /** Parses a {@code --ssh} value. */
  public static SshSpec parse(String value) {
    int eq = value.indexOf('=');
    String id = (eq < 0 ? value : value.substring(0, eq)).trim();
    if (id.isEmpty()) {
      throw new SecretsError("--ssh " + value + ": the id is empty (e.g. --ssh default or --ssh github=~/.ssh/id_ed25519)");
    }
    if (id.contains(",")) {
      throw new SecretsError("--ssh " + value + ": id \"" + id + "\" contains a comma; write <id>=<key>[,<key>]");
    }
    if (eq < 0) {
      return new SshSpec(id, List.of());
    }
    List<String> paths = Arrays.asList(value.substring(eq + 1).split(",", -1));
    for (String p : paths) {
      if (p.isBlank()) {
        throw new SecretsError("--ssh " + value + ": an empty path; give a socket or key files after \"" + id + "=\"");
      }
    }
    return new SshSpec(id, paths);
  }
}
