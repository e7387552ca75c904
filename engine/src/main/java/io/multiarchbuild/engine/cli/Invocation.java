package io.multiarchbuild.engine.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run of the command line takes from the process that asked for it: the working
 * directory relative paths resolve against, the environment, and the three standard streams.
 *
 * <p>Why a value rather than {@code System.getenv()}, {@code System.out} and the JVM's working
 * directory: the same commands run in the process of the shell that called them, and in a
 * long-lived build server on behalf of many callers at once, each with its own directory,
 * environment and terminal. A command that reached for process state would see the server's.
 *
 * @param workingDir absolute directory relative paths on the command line resolve against
 * @param env the caller's environment variables
 * @param stdin the caller's standard input (read only by commands given {@code -})
 * @param stdout the caller's standard output (results, and image tars with {@code -o -})
 * @param stderr the caller's standard error (progress and error messages)
 * @param terminal whether stderr is an interactive terminal (chooses tty progress for {@code auto})
 */
public record Invocation(
    Path workingDir,
    Map<String, String> env,
    InputStream stdin,
    PrintStream stdout,
    PrintStream stderr,
    boolean terminal) {

  public Invocation {
    Objects.requireNonNull(workingDir, "workingDir");
    if (!workingDir.isAbsolute()) {
      throw new IllegalArgumentException("working directory must be absolute: " + workingDir);
    }
    env = Map.copyOf(env);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** This process's own directory, environment, streams and console. */
  public static Invocation ofProcess() {
    return new Invocation(
        Path.of("").toAbsolutePath(),
        System.getenv(),
        System.in,
        System.out,
        System.err,
        System.console() != null);
  }

  /** A path from the command line, resolved against the caller's working directory. */
  public Path resolve(String path) {
    return workingDir.resolve(path);
  }

  /** One environment variable of the caller, or null. */
  public String env(String name) {
    return env.get(name);
  }
}
