package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.dockerfile.GlobPattern;
import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.exec.RootPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Which files a COPY/ADD takes from a source tree (the build context or another stage's root file
 * system), and the relative paths they get under the destination. Shared by the content key (what
 * the COPY reads) and the copy itself, so both always see the same selection. Symlinks are never
 * followed: a link is copied as a link, so nothing outside the source tree is ever read.
 */
final class CopySources {

  /** A selected top-level source: its path relative to the tree, and whether it came from a wildcard. */
  record Match(String rel, boolean wildcard) {}

  /** One entry to copy: the file in the tree and its path relative to the destination. */
  record Item(Path file, String rel, String target) {}

  private final Path root;
  private final IgnoreRules ignore;
  private final IgnoreRules excludes;
  private final String what;

  CopySources(Path root, IgnoreRules ignore, List<String> excludes, String what) {
    this.root = root;
    this.ignore = ignore == null ? IgnoreRules.none() : ignore;
    this.excludes = excludes.isEmpty() ? IgnoreRules.none() : IgnoreRules.parse(String.join("\n", excludes));
    this.what = what;
  }

  /** Source paths cleaned as BuildKit does: relative to the root, no leading {@code /} or {@code ../}, no trailing {@code /}. */
  static String clean(String src) {
    List<String> parts = new ArrayList<>();
    for (String p : src.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
        continue;
      }
      parts.add(p);
    }
    return String.join("/", parts);
  }

  List<Match> matches(List<String> sources) throws IOException {
    List<Match> out = new ArrayList<>();
    for (String s : sources) {
      String c = clean(s);
      if (GlobPattern.hasMeta(c)) {
        List<String> found = new ArrayList<>();
        expand("", List.of(c.split("/")), 0, found);
        if (found.isEmpty()) {
          throw new BuildError("no source files were specified: nothing matches \"" + s + "\"");
        }
        for (String f : found) {
          out.add(new Match(inRoot(f, false), true));
        }
      } else {
        String r = inRoot(c, false);
        if (!Files.exists(root.resolve(r), LinkOption.NOFOLLOW_LINKS) || skipped(r)) {
          throw new BuildError("source \"/" + c + "\" not found" + (ignore.isEmpty() ? "" : " (or excluded by .dockerignore)"));
        }
        out.add(new Match(r, false));
      }
    }
    return out;
  }

  private void expand(String base, List<String> parts, int i, List<String> found) throws IOException {
    if (i == parts.size()) {
      if (!base.isEmpty() && !skipped(base)) {
        found.add(base);
      }
      return;
    }
    String part = parts.get(i);
    Path dir = base.isEmpty() ? root : root.resolve(inRoot(base, true));
    if (!GlobPattern.hasMeta(part)) {
      String next = base.isEmpty() ? part : base + "/" + part;
      if (Files.exists(root.resolve(inRoot(next, false)), LinkOption.NOFOLLOW_LINKS)) {
        expand(next, parts, i + 1, found);
      }
      return;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    GlobPattern g = GlobPattern.compile(part);
    TreeMap<String, Boolean> names = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (g.matches(n)) {
          names.put(n, true);
        }
      }
    }
    for (String n : names.keySet()) {
      expand(base.isEmpty() ? n : base + "/" + n, parts, i + 1, found);
    }
  }

  /**
   * {@code rel} with the symlinks on its way resolved inside the root, as BuildKit resolves a source
   * path in the source's own file system: an absolute target starts again at the root and {@code ..}
   * stops there, so no link leads out of the tree (a plain path lookup would follow {@code /etc} on
   * this machine). The last component is followed only with {@code followLast}: a source that is a
   * link itself is copied as a link.
   */
  String inRoot(String rel, boolean followLast) {
    if (rel.isEmpty()) {
      return rel;
    }
    String[] parts = rel.split("/");
    String last = followLast ? null : parts[parts.length - 1];
    String walk = followLast ? rel : String.join("/", java.util.Arrays.asList(parts).subList(0, parts.length - 1));
    Path resolved;
    try {
      resolved = RootPaths.resolve(root, walk);
    } catch (RootPaths.TooManyLinks e) {
      throw new BuildError(what + ": too many levels of symbolic links in source \"/" + rel + "\"");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String inside = root.relativize(resolved).toString();
    if (last == null) {
      return inside;
    }
    return inside.isEmpty() ? last : inside + "/" + last;
  }

  private boolean skipped(String rel) {
    return ignore.isExcluded(rel) || excludes.isExcluded(rel);
  }

  /**
   * Every entry to copy for the matches: a directory contributes its contents (not itself), a file or
   * link itself. {@code intoDir} says whether a file's target is {@code <dest>/<name>} rather than the
   * destination itself. With {@code parents}, targets keep the source's path.
   */
  List<Item> items(List<Match> matches, boolean intoDir, boolean parents) throws IOException {
    List<Item> out = new ArrayList<>();
    for (Match m : matches) {
      Path p = m.rel().isEmpty() ? root : root.resolve(m.rel());
      String name = m.rel().contains("/") ? m.rel().substring(m.rel().lastIndexOf('/') + 1) : m.rel();
      String prefix = parents ? m.rel() : "";
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        if (parents && !prefix.isEmpty()) {
          out.add(new Item(p, m.rel(), prefix));
        }
        walk(p, m.rel(), prefix, out);
      } else {
        out.add(new Item(p, m.rel(), parents ? prefix : intoDir ? name : ""));
      }
    }
    return out;
  }

  private void walk(Path dir, String rel, String target, List<Item> out) throws IOException {
    TreeMap<String, Path> children = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        children.put(p.getFileName().toString(), p);
      }
    }
    for (var e : children.entrySet()) {
      String r = rel.isEmpty() ? e.getKey() : rel + "/" + e.getKey();
      String t = target.isEmpty() ? e.getKey() : target + "/" + e.getKey();
      boolean isDir = Files.isDirectory(e.getValue(), LinkOption.NOFOLLOW_LINKS);
      if (skipped(r)) {
        if (!isDir || !(ignore.mayContainIncluded(r) || excludes.mayContainIncluded(r))) {
          continue;
        }
      } else {
        out.add(new Item(e.getValue(), r, t));
      }
      if (isDir) {
        walk(e.getValue(), r, t, out);
      }
    }
  }
}
