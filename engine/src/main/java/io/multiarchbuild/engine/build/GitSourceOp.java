package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.plan.RemoteSource;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ADD of a Git repository ({@code https://host/repo.git#ref:subdir}, {@code git@host:org/repo.git},
 * {@code git://…}, or the query form {@code ?ref=|branch=|tag=|commit=|subdir=}), with the {@code git}
 * CLI. Each build asks the remote which commit the ref names ({@code git ls-remote}, as BuildKit
 * resolves it); a commit already checked out is reused from the cache dir
 * ({@code git/<sha256 of remote>/<commit>}), otherwise it is fetched shallowly. The ADD keys on the
 * commit and subdirectory, so an unchanged ref keeps it cached.
 *
 * <p>As BuildKit: {@code .git} is dropped unless {@code --keep-git-dir}; file modes are normalised to
 * 0644/0755 (Git records only the execute bit). Every file's mtime is the commit time, so the layer is
 * the same wherever the commit is checked out.
 */
final class GitSourceOp implements Op<State> {

  /** A parsed Git source: the remote to fetch, the ref (null = the remote's HEAD) and the subdirectory. */
  record GitUrl(String remote, String ref, String subdir) {

    static GitUrl parse(String url) {
      String remote = url;
      String ref = null;
      String subdir = "";
      int hash = remote.indexOf('#');
      if (hash >= 0) {
        String frag = remote.substring(hash + 1);
        remote = remote.substring(0, hash);
        int colon = frag.indexOf(':');
        ref = colon < 0 ? frag : frag.substring(0, colon);
        subdir = colon < 0 ? "" : frag.substring(colon + 1);
      }
      int q = remote.indexOf('?');
      if (q >= 0 && !remote.startsWith("git@")) {
        for (String kv : remote.substring(q + 1).split("&")) {
          int eq = kv.indexOf('=');
          String k = eq < 0 ? kv : kv.substring(0, eq);
          String v = eq < 0 ? "" : kv.substring(eq + 1);
          switch (k) {
            case "ref", "branch", "tag", "commit" -> ref = v;
            case "subdir" -> subdir = v;
            default -> {
              // keep-git-dir, submodules, ...: flags the ADD carries itself or that do not change what is fetched
            }
          }
        }
        remote = remote.substring(0, q);
      }
      return new GitUrl(remote, ref == null || ref.isEmpty() ? null : ref, CopySources.clean(subdir));
    }
  }

  private final Session session;
  private final RemoteSource source;

  GitSourceOp(Session session, RemoteSource source) {
    this.session = session;
    this.source = source;
  }

  @Override
  public boolean cacheable() {
    return false; // which commit a ref names is only known by asking the remote
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) throws Exception {
    GitUrl g = GitUrl.parse(source.url());
    String what = "ADD " + source.url();
    Path base = session.cache.root().resolve("git").resolve(Digest.sha256(g.remote()).hex());
    Files.createDirectories(base);
    String commit = resolve(g, what, base);
    if (source.checksum() != null && !commit.startsWith(source.checksum())) {
      throw new BuildError(what + ": checksum mismatch: --checksum is " + source.checksum() + " but the ref resolves to commit " + commit);
    }
    Path checkout = base.resolve(commit + (source.keepGitDir() ? "-git" : ""));
    if (!Files.isDirectory(checkout)) {
      fetch(g, commit, what, base, checkout);
    }
    Path root = g.subdir().isEmpty() ? checkout : checkout.resolve(g.subdir());
    if (!root.normalize().startsWith(checkout) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new BuildError(what + ": no directory \"" + g.subdir() + "\" in commit " + commit);
    }
    return State.context(root, null);
  }

  /** The full commit id the ref names on the remote. */
  private String resolve(GitUrl g, String what, Path base) throws IOException, InterruptedException {
    if (g.ref() != null && g.ref().matches("[0-9a-f]{40}")) {
      return g.ref(); // already a commit
    }
    String ref = g.ref() == null ? "HEAD" : g.ref();
    String out = git(base, what, "ls-remote", g.remote(), ref, "refs/tags/" + ref + "^{}");
    String found = null;
    for (String line : out.split("\n")) {
      String[] f = line.split("\\s+");
      if (f.length < 2) {
        continue;
      }
      // A peeled annotated tag (…^{}) names the commit; otherwise the first match.
      if (f[1].endsWith("^{}") || found == null) {
        found = f[0];
      }
    }
    if (found == null) {
      throw new BuildError(what + ": the repository has no branch or tag \"" + ref + "\"");
    }
    return found;
  }

  private void fetch(GitUrl g, String commit, String what, Path base, Path checkout) throws IOException, InterruptedException {
    Path tmp = Files.createTempDirectory(base, ".checkout-");
    try {
      git(tmp, what, "init", "-q");
      String want = g.ref() == null ? "HEAD" : g.ref();
      git(tmp, what, "fetch", "-q", "--depth", "1", g.remote(), want);
      git(tmp, what, "-c", "advice.detachedHead=false", "checkout", "-q", "FETCH_HEAD");
      String head = git(tmp, what, "rev-parse", "HEAD").strip();
      if (!head.equals(commit)) {
        throw new BuildError(what + ": the remote moved while fetching (" + commit + " became " + head + "); build again");
      }
      long time = Long.parseLong(git(tmp, what, "log", "-1", "--format=%ct").strip());
      if (!source.keepGitDir()) {
        FileTrees.delete(tmp.resolve(".git"));
      }
      normalise(tmp, FileTime.from(time, TimeUnit.SECONDS));
      try {
        Files.move(tmp, checkout, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
        // a concurrent build checked out the same commit first
      }
    } finally {
      if (Files.exists(tmp)) {
        FileTrees.delete(tmp);
      }
    }
  }

  private static void normalise(Path root, FileTime time) throws IOException {
    List<Path> dirs = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.setAttribute(dir, "unix:mode", 0755);
        dirs.add(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(file, "unix:mode", (mode & 0100) != 0 ? 0755 : 0644);
        }
        if (!attrs.isSymbolicLink()) {
          Files.setLastModifiedTime(file, time);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    for (Path d : dirs) {
      Files.setLastModifiedTime(d, time); // after their children were written
    }
  }

  /** The ADD's content key for a checkout: the commit (the directory's name) and subdirectory. */
  static String contentKey(Path root, Path cacheRoot) {
    return "git\0" + cacheRoot.resolve("git").relativize(root);
  }

  private String git(Path dir, String what, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    // the caller's environment (proxies, HOME's git config, SSH_AUTH_SOCK), not the JVM's: a build
    // server runs builds for several callers
    pb.environment().clear();
    pb.environment().putAll(session.env);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0"); // fail instead of waiting for a password
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new BuildError(what + ": cannot run git (" + e.getMessage() + "); install git (apt-get install git)");
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      String last = out.strip().lines().reduce((a, b) -> b).orElse("");
      throw new BuildError(what + ": git " + args[0] + " failed: " + last);
    }
    return out;
  }
}
