package io.multiarchbuild.engine.snapshot;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the few system tools we need (mount, umount, mknod, cp) and reports what they said. */
final class Commands {

  /** Exit code and combined output of a finished command. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private Commands() {}

  /** Runs {@code argv} in {@code cwd} (null: ours) and waits for it. */
  static Result run(Path cwd, List<String> argv) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(127, argv.get(0) + ": " + e.getMessage());
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      return new Result(p.waitFor(), out);
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted running " + argv.get(0));
    }
  }

  /**
   * Runs a mount or umount to its end even when this thread is interrupted, and keeps the interrupt
   * for the caller. Both finish in milliseconds, and stopping one halfway is worse than waiting: a
   * mount that completes after we gave up on it (its process killed, our exception already thrown)
   * is known to nobody and stays mounted; an umount not run is cleanup skipped on exactly the
   * cancelled builds that need it.
   */
  static Result runToEnd(Path cwd, List<String> argv) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return run(cwd, argv);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The first line of a tool's message, for one-line errors. */
  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
