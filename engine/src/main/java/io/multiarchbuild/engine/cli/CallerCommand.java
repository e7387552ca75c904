package io.multiarchbuild.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A command that runs on behalf of one caller: everything it takes from the caller's process (working
 * directory, environment, streams) comes from {@link #invocation}, which {@link Main} sets when it
 * creates the command. Commands never read the JVM's own state ({@code System.getenv}, {@code
 * System.out}, its working directory): in a build server, many callers share one JVM.
 */
abstract class CallerCommand implements Callable<Integer> {

  /** The caller; set by {@link Main}'s factory before the command runs. */
  Invocation invocation;

  /**
   * Reads from the caller's standard input on a helper thread, so that the command thread can still be
   * interrupted (cancelled) while the read blocks: a blocked read of a file descriptor or socket does not
   * react to interruption, and a Ctrl-C at a prompt must not wait for input.
   */
  <T> T readInput(InputReader<T> read) throws IOException, InterruptedException {
    InputStream in = invocation.stdin();
    FutureTask<T> task = new FutureTask<>(() -> read.read(in));
    Thread reader = new Thread(task, "multiarch-build-stdin");
    reader.setDaemon(true); // left blocked after an interrupt until the caller's stream ends
    reader.start();
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** A read of an input stream. */
  @FunctionalInterface
  interface InputReader<T> {
    T read(InputStream in) throws IOException;
  }
}
