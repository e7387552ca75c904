package io.multiarchbuild.engine.dockerfile;

import io.multiarchbuild.engine.common.UserError;

/**
 * A Dockerfile the frontend rejects. The message is one line: {@code <file>:<line>[:<column>]: <what
 * is wrong>[; <what to do>]}. Line and column are 1-based; 0 means "not tied to a line".
 */
public final class DockerfileError extends UserError {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final int line;
  private final int column;
  private final String detail;

  public DockerfileError(String fileName, int line, int column, String detail) {
    super(format(fileName, line, column, detail));
    this.fileName = fileName;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  public DockerfileError(String fileName, int line, String detail) {
    this(fileName, line, 0, detail);
  }

  private static String format(String fileName, int line, int column, String detail) {
    StringBuilder b = new StringBuilder(fileName);
    if (line > 0) {
      b.append(':').append(line);
      if (column > 0) {
        b.append(':').append(column);
      }
    }
    return b.append(": ").append(detail).toString();
  }

  public String fileName() {
    return fileName;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message without the location prefix. */
  public String detail() {
    return detail;
  }
}
