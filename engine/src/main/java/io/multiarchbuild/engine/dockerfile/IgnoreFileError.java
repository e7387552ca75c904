package io.multiarchbuild.engine.dockerfile;

import io.multiarchbuild.engine.common.UserError;

/** A {@code .dockerignore} line that cannot be used; the message is {@code <file>:<line>: <detail>}. */
public final class IgnoreFileError extends UserError {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final int line;
  private final String detail;

  IgnoreFileError(String fileName, int line, String detail) {
    super(fileName + ":" + line + ": " + detail);
    this.fileName = fileName;
    this.line = line;
    this.detail = detail;
  }

  public String fileName() {
    return fileName;
  }

  public int line() {
    return line;
  }

  public String detail() {
    return detail;
  }
}
