package io.multiarchbuild.engine.dockerfile;

import io.multiarchbuild.engine.common.UserError;

/** A wildcard pattern Go's {@code filepath.Match} would reject ({@code [a-}, a trailing {@code \}...). */
public final class GlobSyntaxError extends UserError {
  private static final long serialVersionUID = 1L;

  private final String pattern;

  GlobSyntaxError(String pattern) {
    super("syntax error in pattern " + GoText.quote(pattern));
    this.pattern = pattern;
  }

  public String pattern() {
    return pattern;
  }
}
