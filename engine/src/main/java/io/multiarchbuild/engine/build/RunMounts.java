package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.exec.Mount;
import io.multiarchbuild.engine.exec.RootPaths;
import io.multiarchbuild.engine.plan.Exec;
import io.multiarchbuild.engine.plan.ExecMount;
import io.multiarchbuild.engine.secrets.SshAgentRelay;
import io.multiarchbuild.engine.snapshot.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code RUN --mount}s of one RUN, made ready for runc: secret values written to tmpfs files and
 * bound read-only (or put into the environment), a per-RUN relay socket for each SSH agent, cache
 * directories from the cache dir, bind sources from the context or another stage, tmpfs mounts.
 * Everything lives outside the RUN's snapshot, so nothing of it reaches the layer; {@link #close()}
 * wipes the secret files, stops the relays, releases cache locks and throws away bind snapshots
 * (with them any write through an {@code rw} bind).
 */
final class RunMounts implements AutoCloseable {

  final List<Mount> mounts = new ArrayList<>();
  /** Variables added to the process: {@code env=} secrets, {@code SSH_AUTH_SOCK}. */
  final Map<String, String> env = new LinkedHashMap<>();

  private final Session session;
  private final String what;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  private RunMounts(Session session, String what) {
    this.session = session;
    this.what = what;
  }

  /**
   * @param inputs the RUN's inputs: its root file system, then one per mount that reads another op
   *     (in the order of {@link Exec#inputs()})
   * @param what the instruction, for messages
   */
  static RunMounts prepare(Session session, Exec exec, List<State> inputs, String what)
      throws IOException, InterruptedException {
    RunMounts m = new RunMounts(session, what);
    try {
      int input = 1;
      String firstSsh = null;
      for (ExecMount em : exec.mounts()) {
        State from = em.input() == null ? null : inputs.get(input++);
        RunMount rm = em.mount();
        switch (rm.type()) {
          case SECRET -> m.secret(rm);
          case SSH -> {
            if (m.ssh(rm) && firstSsh == null) {
              firstSsh = rm.target();
            }
          }
          case CACHE -> m.cache(rm, from);
          case BIND -> m.bind(rm, from);
          case TMPFS -> m.mounts.add(new Mount.Tmpfs(rm.target(), rm.sizeBytes()));
        }
      }
      if (firstSsh != null && !exec.env().containsKey("SSH_AUTH_SOCK")) {
        m.env.put("SSH_AUTH_SOCK", firstSsh);
      }
      return m;
    } catch (IOException | InterruptedException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private void secret(RunMount rm) throws IOException {
    var value = session.secrets.store.get(rm.id());
    if (value.isEmpty()) {
      if (rm.required()) {
        throw new BuildError(what + ": secret \"" + rm.id() + "\" is required but was not provided; pass --secret id="
            + rm.id() + ",src=<file> (or env=<VAR>)");
      }
      return; // as BuildKit: an optional secret that is not there is simply not mounted
    }
    byte[] bytes = value.get();
    try {
      if (rm.target() != null) {
        Path file = session.secrets.writeSecret(rm.id(), bytes, rm.uid(), rm.gid(), rm.mode());
        resources.push(() -> session.secrets.deleteSecret(file));
        mounts.add(new Mount.Bind(file, rm.target(), true));
      }
      if (rm.env() != null) {
        env.put(rm.env(), new String(bytes, StandardCharsets.UTF_8));
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** @return whether the agent was mounted */
  private boolean ssh(RunMount rm) {
    var relay = session.secrets.relay(rm.id());
    if (relay.isEmpty()) {
      if (rm.required()) {
        throw new BuildError(what + ": ssh agent \"" + rm.id() + "\" is required but was not provided; pass --ssh "
            + (rm.id().equals("default") ? "default" : rm.id() + "=<key file or agent socket>"));
      }
      return false;
    }
    SshAgentRelay r = relay.get();
    resources.push(r);
    // a socket made for this RUN: owner and mode are set on it, never on the agent's own socket
    mounts.add(new Mount.File(r.socket(), rm.target(), rm.uid(), rm.gid(), rm.mode()));
    return true;
  }

  private void cache(RunMount rm, State from) throws IOException, InterruptedException {
    CacheMounts.Use use = CacheMounts.acquire(session.cache, rm);
    resources.push(use);
    if (use.created && from != null) {
      Path seed = source(from, rm.source());
      if (Files.isDirectory(seed)) {
        copyTree(seed, use.dir);
      }
    }
    mounts.add(new Mount.Bind(use.dir, rm.target(), rm.readOnly()));
  }

  private void bind(RunMount rm, State from) throws IOException {
    if (from == null) {
      throw new IllegalStateException("bind mount at " + rm.target() + " has no input");
    }
    Path src;
    if (from.isContext() && rm.readOnly() && (from.ignore() == null || from.ignore().isEmpty())) {
      src = inside(from.context(), rm.source()); // nothing to hide and nothing to write: the context itself
    } else if (from.isContext()) {
      // a copy of what the context shows (after .dockerignore); writes through rw land in the copy
      Path copy = Files.createTempDirectory(session.cache.root().resolve("tmp"), "bind-");
      resources.push(() -> FileTrees.delete(copy));
      Path dest = copy.resolve("src");
      BindSources.copySelection(from, rm.source(), dest, what);
      src = dest;
    } else {
      src = source(from, rm.source());
    }
    if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
      throw new BuildError(what + ": bind source \"" + (rm.source() == null ? "/" : rm.source()) + "\" not found in "
          + (from.isContext() ? "the build context" : "the mounted stage"));
    }
    // rw: writes reach the snapshot (or copy) made for this RUN, which close() throws away
    mounts.add(new Mount.Bind(src, rm.target(), rm.readOnly()));
  }

  /** The path {@code source} in a stage's file system, in a snapshot made for this RUN. */
  private Path source(State from, String source) throws IOException {
    if (from.isContext()) {
      return inside(from.context(), source);
    }
    Snapshot snap = session.snapshotter.prepare(session.newSnapshotId("mount"), session.layerDirs(from.layers()));
    resources.push(snap);
    return RootPaths.resolve(snap.rootfs(), source == null ? "/" : source);
  }

  private Path inside(Path root, String source) throws IOException {
    Path p = RootPaths.resolve(root.toRealPath(), source == null ? "/" : source);
    return p;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (p.equals(from)) {
          continue;
        }
        Files.copy(p, t, LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Every container path a mount is placed at (for the layer's stub check). */
  List<String> targets() {
    return mounts.stream().map(Mount::target).toList();
  }

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // keep releasing the rest; a leftover temp copy is removed with the cache's tmp dir
      }
    }
  }
}
