package io.multiarchbuild.engine.dockerfile;

/** Go's {@code path.Clean} for slash-separated paths (what {@code filepath.Clean} does on Linux). */
final class GoPaths {
  private GoPaths() {}

  /**
   * The shortest equivalent path: repeated slashes collapsed, {@code .} elements dropped, {@code
   * dir/..} pairs removed, {@code ..} at the root dropped, trailing slash removed; "" becomes ".".
   */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    int n = path.length();
    StringBuilder out = new StringBuilder(n);
    int r = 0;
    int dotdot = 0;
    if (rooted) {
      out.append('/');
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      char c = path.charAt(r);
      if (c == '/') {
        r++;
      } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
        r++;
      } else if (c == '.'
          && path.charAt(r + 1) == '.'
          && (r + 2 == n || path.charAt(r + 2) == '/')) {
        r += 2;
        if (out.length() > dotdot) {
          int w = out.length() - 1;
          while (w > dotdot && out.charAt(w) != '/') {
            w--;
          }
          out.setLength(w);
        } else if (!rooted) {
          if (!out.isEmpty()) {
            out.append('/');
          }
          out.append("..");
          dotdot = out.length();
        }
      } else {
        if ((rooted && out.length() != 1) || (!rooted && !out.isEmpty())) {
          out.append('/');
        }
        while (r < n && path.charAt(r) != '/') {
          out.append(path.charAt(r++));
        }
      }
    }
    return out.isEmpty() ? "." : out.toString();
  }
}
