package io.multiarchbuild.engine.progress;

import java.util.List;
import java.util.Objects;

/**
 * A warning attached to a vertex, e.g. a Dockerfile lint finding. The source location is optional:
 * {@code file} null means none; lines are 1-based and inclusive.
 *
 * @param vertex digest of the owning vertex
 * @param level severity as BuildKit numbers it (1 = warning)
 * @param shortMessage the one-line summary (BuildKit's {@code short})
 * @param detail further explanation, one entry per line
 * @param url a link to documentation, or empty
 * @param file the source file the warning points at, or null
 * @param startLine first line of the range, 0 when there is none
 * @param endLine last line of the range, 0 when there is none
 */
public record WarningEvent(
    String vertex,
    int level,
    String shortMessage,
    List<String> detail,
    String url,
    String file,
    int startLine,
    int endLine)
    implements ProgressEvent {

  public WarningEvent {
    Objects.requireNonNull(vertex, "vertex");
    Objects.requireNonNull(shortMessage, "shortMessage");
    detail = List.copyOf(detail);
    url = url == null ? "" : url;
    if (startLine < 0 || endLine < startLine) {
      throw new IllegalArgumentException("bad warning line range " + startLine + "-" + endLine);
    }
  }
}
