package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.common.UserError;

/**
 * A registry operation failed. The message has one shape everywhere: what was attempted, on what,
 * and why — {@code push blob sha256:… to 127.0.0.1:5001/test/x failed: 401 UNAUTHORIZED authentication
 * required}. The reason is the HTTP status and the distribution error code and message when the
 * registry sent them, or the connection problem.
 */
public class RegistryException extends UserError {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final String target;
  private final int status;
  private final String errorCode;

  RegistryException(String action, String target, int status, String errorCode, String reason, Throwable cause) {
    super(action + " " + target + " failed: " + reason, cause);
    this.action = action;
    this.target = target;
    this.status = status;
    this.errorCode = errorCode;
  }

  /** What was attempted, e.g. {@code push blob sha256:… to}. */
  public String action() {
    return action;
  }

  /** What it was attempted on, e.g. {@code 127.0.0.1:5001/test/x}. */
  public String target() {
    return target;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** The distribution error code (e.g. {@code UNAUTHORIZED}), or null. */
  public String errorCode() {
    return errorCode;
  }
}
