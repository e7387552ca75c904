package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.common.UserError;

/** A step option the user got wrong: one line naming the option, shown without a stack trace. */
public final class OptionError extends UserError {
  private static final long serialVersionUID = 1L;

  public OptionError(String option, String detail) {
    super("multiArchBuild " + option + ": " + detail);
  }

  public OptionError(String option, String detail, Throwable cause) {
    super("multiArchBuild " + option + ": " + detail, cause);
  }
}
