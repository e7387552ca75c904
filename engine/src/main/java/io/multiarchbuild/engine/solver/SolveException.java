package io.multiarchbuild.engine.solver;

import java.util.Objects;

/**
 * A solve failed because one vertex failed. Carries the first vertex that failed and what its op
 * (or its content key, or the cache) threw, unwrapped from any {@code ExecutionException} or
 * {@code CompletionException}. The build layer turns this into a user-facing error; the message
 * here is {@code "<vertex name>: <cause message>"}.
 */
public final class SolveException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String vertexKey;
  private final String vertexName;

  SolveException(String vertexKey, String vertexName, Throwable cause) {
    super(vertexName + ": " + describe(cause), Objects.requireNonNull(cause, "cause"));
    this.vertexKey = vertexKey;
    this.vertexName = vertexName;
  }

  /** Definition key of the vertex that failed. */
  public String vertexKey() {
    return vertexKey;
  }

  /** Display name of the vertex that failed. */
  public String vertexName() {
    return vertexName;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getName() : message;
  }
}
