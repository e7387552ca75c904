package io.multiarchbuild.engine.testenv;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (skopeo, runc, docker, ...) for a test, with a timeout, capturing stdout
 * and stderr. Output goes to temporary files rather than pipes so a chatty command can never block
 * on a full pipe while we wait for it.
 */
public final class Cmd {

  /** What tests use when they do not say otherwise; pulls through qemu can take a while. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  private Cmd() {}

  /** The outcome of one command. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public Result {
      command = List.copyOf(command);
    }

    /** Fails the test (with the command's output) unless the exit code is 0; returns this. */
    public Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(describe());
      }
      return this;
    }

    /** The command line, exit code and both outputs, for failure messages. */
    public String describe() {
      return "command " + String.join(" ", command) + " exited " + exitCode
          + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  /** Runs {@code command} with {@link #DEFAULT_TIMEOUT}; any exit code is returned. */
  public static Result run(String... command) {
    return run(List.of(command), DEFAULT_TIMEOUT);
  }

  /** Runs {@code command} with {@link #DEFAULT_TIMEOUT} and fails the test unless it exits 0. */
  public static Result runChecked(String... command) {
    return run(List.of(command), DEFAULT_TIMEOUT).assertSuccess();
  }

  /** Runs {@code command} in the current directory with the inherited environment. */
  public static Result run(List<String> command, Duration timeout) {
    return run(command, timeout, null, Map.of(), null);
  }

  /**
   * Runs {@code command}.
   *
   * @param workDir working directory, or null for the current one
   * @param extraEnv variables added to the inherited environment
   * @param stdin bytes fed to standard input, or null for /dev/null
   * @throws AssertionError when the program does not exist or does not finish within {@code timeout}
   *     (the process tree is killed first)
   */
  public static Result run(
      List<String> command, Duration timeout, Path workDir, Map<String, String> extraEnv, byte[] stdin) {
    Path out = null;
    Path err = null;
    Path in = null;
    try {
      out = Files.createTempFile("cmd-out", ".txt");
      err = Files.createTempFile("cmd-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      if (stdin != null) {
        in = Files.createTempFile("cmd-in", ".bin");
        Files.write(in, stdin);
        pb.redirectInput(in.toFile());
      } else {
        pb.redirectInput(new File("/dev/null"));
      }
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      pb.environment().putAll(extraEnv);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new AssertionError("component " + command.get(0) + " missing (" + e.getMessage()
            + "): run scripts/test-env.sh as root", e);
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("command " + String.join(" ", command) + " did not finish within "
            + timeout + "\n--- stdout ---\n" + read(out) + "\n--- stderr ---\n" + read(err));
      }
      return new Result(command, p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
      deleteQuietly(in);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temp file is harmless; the command's result matters more
      }
    }
  }
}
