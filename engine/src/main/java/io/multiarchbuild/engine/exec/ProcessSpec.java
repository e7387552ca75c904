package io.multiarchbuild.engine.exec;

import java.util.List;
import java.util.Objects;

/**
 * The process a RUN step starts.
 *
 * @param args argv; for a shell-form RUN that is the SHELL plus the command, e.g. {@code [/bin/sh,
 *     -c, make]}
 * @param env {@code KEY=value} entries in order (image ENV, then build args); PATH is added when
 *     absent
 * @param cwd absolute working directory inside the container (WORKDIR); empty means {@code /};
 *     created when missing
 * @param user the {@code USER} string: {@code name}, {@code uid}, {@code name:group}, {@code
 *     uid:gid}; empty means root
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, String user) {

  public ProcessSpec {
    args = List.copyOf(args);
    env = List.copyOf(env);
    cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
    user = user == null ? "" : user;
    if (args.isEmpty()) {
      throw new IllegalArgumentException("a process needs at least one argument");
    }
    if (!cwd.startsWith("/")) {
      throw new IllegalArgumentException("working directory must be absolute: " + cwd);
    }
    for (String e : env) {
      if (e.indexOf('=') <= 0) {
        throw new IllegalArgumentException("environment entry is not KEY=value: " + e);
      }
    }
  }

  /** A process as root in {@code /} with no environment beyond the defaults. */
  public static ProcessSpec of(String... args) {
    return new ProcessSpec(List.of(args), List.of(), "/", "");
  }

  public ProcessSpec withEnv(List<String> newEnv) {
    return new ProcessSpec(args, newEnv, cwd, user);
  }

  public ProcessSpec withCwd(String newCwd) {
    return new ProcessSpec(args, env, newCwd, user);
  }

  public ProcessSpec withUser(String newUser) {
    return new ProcessSpec(args, env, cwd, Objects.requireNonNull(newUser));
  }
}
