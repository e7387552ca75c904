package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.common.UserError;

/** A build failed because of its input: a failing RUN, a missing COPY source, a bad flag value. One line. */
public final class BuildError extends UserError {

  public BuildError(String message) {
    super(message);
  }

  public BuildError(String message, Throwable cause) {
    super(message, cause);
  }
}
