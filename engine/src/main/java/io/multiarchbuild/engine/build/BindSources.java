package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.FileChecksums;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The build-context side of {@code RUN --mount=type=bind} (no {@code from}): which context files the
 * mount shows (after .dockerignore), their checksum for the RUN's cache key, and a private copy
 * of them when the mount may not expose the context directory itself.
 */
final class BindSources {

  private BindSources() {}

  /** A digest of the files a bind mount of {@code source} shows: paths, types, modes, contents. */
  static String contentKey(Session session, State context, String source, String what) throws IOException {
    CopySources sel = new CopySources(context.context(), context.ignore(), List.of(), what);
    FileChecksums sums = session.checksums(context.context());
    var md = Digest.newSha256();
    md.update(("bind\0" + CopySources.clean(source == null ? "" : source) + "\n").getBytes(StandardCharsets.UTF_8));
    for (CopySources.Item it : sel.items(sel.matches(List.of(source == null ? "" : source)), false, false)) {
      String line;
      if (Files.isSymbolicLink(it.file())) {
        line = it.rel() + "\0l\0" + Files.readSymbolicLink(it.file());
      } else if (Files.isDirectory(it.file(), LinkOption.NOFOLLOW_LINKS)) {
        line = it.rel() + "\0d\0" + mode(it.file());
      } else {
        line = it.rel() + "\0f\0" + mode(it.file()) + "\0" + sums.checksum(it.rel());
      }
      md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Digest.ofSha256(md.digest()).toString();
  }

  /** Copies what a bind of {@code source} shows into {@code dest} (created), keeping modes and times. */
  static void copySelection(State context, String source, Path dest, String what) throws IOException {
    CopySources sel = new CopySources(context.context(), context.ignore(), List.of(), what);
    List<CopySources.Item> items = sel.items(sel.matches(List.of(source == null ? "" : source)), false, false);
    Path top = context.context().resolve(CopySources.clean(source == null ? "" : source));
    if (Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dest);
    }
    for (CopySources.Item it : items) {
      Path t = it.target().isEmpty() ? dest : dest.resolve(it.target());
      Files.createDirectories(t.getParent());
      if (Files.isDirectory(it.file(), LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(t);
      } else {
        Files.copy(it.file(), t, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }
}
