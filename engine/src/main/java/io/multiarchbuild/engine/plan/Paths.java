package io.multiarchbuild.engine.plan;

import java.util.ArrayDeque;
import java.util.Deque;

/** Container paths (always {@code /}-separated, whatever the host). */
final class Paths {
  private Paths() {}

  /**
   * {@code path} made absolute against {@code cwd} and cleaned ({@code .}, {@code ..}, double
   * slashes); with {@code keepTrailingSlash} a trailing {@code /} (or a {@code .} meaning "into the
   * directory") survives, because for COPY it means "into this directory".
   */
  static String join(String cwd, String path, boolean keepTrailingSlash) {
    String full = path.startsWith("/") ? path : cwd + "/" + path;
    boolean dir = keepTrailingSlash && (path.endsWith("/") || path.equals(".") || path.endsWith("/."));
    Deque<String> parts = new ArrayDeque<>();
    for (String p : full.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    String clean = "/" + String.join("/", parts);
    return dir && !clean.equals("/") ? clean + "/" : clean;
  }
}
