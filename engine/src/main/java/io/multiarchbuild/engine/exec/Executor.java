package io.multiarchbuild.engine.exec;

/** Runs one process in an isolated container on a prepared root file system. */
public interface Executor {

  /**
   * Runs {@code request}'s process to completion, streaming its output to {@code output} as it
   * arrives. A non-zero exit is a normal result ({@link ExecResult#succeeded()} is false), not an
   * exception. The container and every temporary file are gone when this returns or throws.
   *
   * @param cancel cancels the run (the process is killed); may be null
   * @throws java.util.concurrent.CancellationException when {@code cancel} fired before the process
   *     finished
   * @throws InterruptedException when the calling thread was interrupted (the process is killed
   *     first)
   * @throws io.multiarchbuild.engine.common.UserError when the request cannot run here: unknown
   *     user, no emulation for the platform, no runtime installed
   */
  ExecResult run(ExecRequest request, OutputSink output, CancellationToken cancel) throws InterruptedException;
}
