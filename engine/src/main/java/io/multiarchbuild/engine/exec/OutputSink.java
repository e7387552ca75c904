package io.multiarchbuild.engine.exec;

/**
 * Receives a process's output as it is produced. Called from the executor's reader threads (one per
 * stream), so an implementation that touches shared state must synchronise.
 */
@FunctionalInterface
public interface OutputSink {

  /** File descriptor number of standard output, as BuildKit's log stream ids. */
  int STDOUT = 1;
  /** File descriptor number of standard error. */
  int STDERR = 2;

  /**
   * @param stream {@link #STDOUT} or {@link #STDERR}
   * @param chunk bytes exactly as the process wrote them (not split on lines); owned by the sink
   */
  void write(int stream, byte[] chunk);

  /** A sink that drops everything. */
  static OutputSink discard() {
    return (stream, chunk) -> {};
  }
}
