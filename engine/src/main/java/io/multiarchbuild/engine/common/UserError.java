package io.multiarchbuild.engine.common;

/**
 * Base of every error caused by the user's input or environment (a malformed Dockerfile, a missing
 * file, an unreachable registry). Its message is one line meant for people: it names the thing that
 * is wrong and, where it helps, what to do. Edges (the CLI, the Jenkins step) print
 * {@link #getMessage()} and nothing else; anything that is not a {@code UserError} is a bug and is
 * reported with its stack trace.
 */
public abstract class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected UserError(String message) {
    super(message);
  }

  protected UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
