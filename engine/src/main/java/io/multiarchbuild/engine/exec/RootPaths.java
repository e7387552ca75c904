package io.multiarchbuild.engine.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a container path against a root file system directory the way the container would see
 * it: symlinks are followed, but an absolute link target or a {@code ..} that climbs past the top is
 * taken relative to the root, never the host. An image can therefore not make us read or create
 * anything outside its root (e.g. {@code /etc -> /host/etc}).
 */
public final class RootPaths {

  /** Linux's limit on symlinks followed in one lookup. */
  private static final int MAX_LINKS = 40;

  private RootPaths() {}

  /** A path whose resolution follows more links than Linux would: a link loop, most likely. */
  public static final class TooManyLinks extends IOException {
    TooManyLinks(String message) {
      super(message);
    }
  }

  /**
   * The host path for {@code containerPath} inside {@code root}. Components that do not exist are
   * appended as they are (so the result is where they would be created).
   *
   * @throws TooManyLinks when resolving takes more than 40 links
   */
  public static Path resolve(Path root, String containerPath) throws IOException {
    Deque<String> pending = new ArrayDeque<>();
    push(pending, containerPath);
    Deque<String> resolved = new ArrayDeque<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.pop();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        resolved.pollLast();
        continue;
      }
      Path candidate = join(root, resolved).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new TooManyLinks("too many levels of symbolic links resolving " + containerPath + " in " + root);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        push(pending, target);
        continue;
      }
      resolved.addLast(part);
    }
    return join(root, resolved);
  }

  /** Whether {@code path} exists without following a final symlink. */
  static boolean existsNoFollow(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  private static void push(Deque<String> pending, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      pending.push(parts[i]);
    }
  }

  private static Path join(Path root, Deque<String> parts) {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    return p;
  }
}
