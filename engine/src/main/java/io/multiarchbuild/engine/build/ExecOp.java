package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.dockerfile.Heredoc;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.exec.CancellationToken;
import io.multiarchbuild.engine.exec.Emulation;
import io.multiarchbuild.engine.exec.ExecRequest;
import io.multiarchbuild.engine.exec.ExecResult;
import io.multiarchbuild.engine.exec.Mount;
import io.multiarchbuild.engine.exec.NetworkMode;
import io.multiarchbuild.engine.exec.ProcessSpec;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.plan.Exec;
import io.multiarchbuild.engine.plan.ExecMount;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.snapshot.Snapshot;
import io.multiarchbuild.engine.solver.ExecContext;
import io.multiarchbuild.engine.solver.Op;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * RUN: an overlay snapshot over the input's layers, the command under runc (through qemu for a
 * foreign platform), and the snapshot's diff committed as a new layer into the content store. Its
 * {@code --mount}s are prepared by {@link RunMounts} outside the snapshot, so they never reach the
 * layer; inputs after the first are the file systems those mounts read.
 */
final class ExecOp implements Op<State> {

  /** BuildKit adds this PATH when the image sets none. */
  static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final int TAIL_LINES = 10;

  private final Session session;
  private final Exec exec;
  private final String key;
  private final String name;
  private final NetworkMode defaultNetwork;

  ExecOp(Session session, Exec exec, String key, String name, NetworkMode defaultNetwork) {
    this.session = session;
    this.exec = exec;
    this.key = key;
    this.name = name;
    this.defaultNetwork = defaultNetwork;
  }

  /** A bind mount of the build context makes the key depend on the files it shows, as a COPY does. */
  @Override
  public Set<Integer> contentKeyInputs() {
    Set<Integer> out = new TreeSet<>();
    int input = 1;
    for (ExecMount m : exec.mounts()) {
      if (m.input() != null) {
        if (m.mount().type() == RunMount.MountType.BIND && "context".equals(m.inputName())) {
          out.add(input);
        }
        input++;
      }
    }
    return out;
  }

  @Override
  public String contentKey(ExecContext ctx, Map<Integer, State> inputs) throws Exception {
    StringBuilder key = new StringBuilder();
    int input = 1;
    for (ExecMount m : exec.mounts()) {
      if (m.input() != null) {
        if (inputs.containsKey(input)) {
          key.append(BindSources.contentKey(session, inputs.get(input), m.mount().source(), Steps.instruction(name)))
              .append('\n');
        }
        input++;
      }
    }
    return key.toString();
  }

  @Override
  public State exec(ExecContext ctx, List<State> inputs) throws Exception {
    State in = inputs.get(0);
    Emulation.check(exec.platform());
    ImageConfig.Config base = in.base().config();
    Path pipes = null;
    try (Snapshot snap = session.snapshotter.prepare(session.newSnapshotId("run"), session.layerDirs(in.layers()));
        RunMounts runMounts = RunMounts.prepare(session, exec, inputs, Steps.instruction(name))) {
      ProcessSpec process = new ProcessSpec(exec.args(), env(base, runMounts.env), cwd(base), user(base));
      List<Mount> mounts = new ArrayList<>();
      if (!exec.heredocs().isEmpty()) {
        pipes = Files.createTempDirectory(session.cache.root().resolve("tmp"), "heredoc-");
        for (Heredoc h : exec.heredocs()) {
          Path f = Files.writeString(pipes.resolve(h.name()), h.content(), StandardCharsets.UTF_8);
          mounts.add(new Mount.File(f, "/dev/pipes/" + h.name(), 0, 0, 0755));
        }
      }
      mounts.addAll(runMounts.mounts);
      ExecRequest request = ExecRequest.of(snap.rootfs(), process, exec.platform())
          .withMounts(mounts)
          .withNetwork(network());
      VertexHandle vertex = session.vertex(ctx.vertexKey(), ctx.vertexName());
      Tail tail = new Tail();
      CancellationToken token = new CancellationToken();
      ExecResult result;
      try (ExecContext.Registration r = ctx.onCancel(token::cancel)) {
        result = session.executor.run(request, (stream, chunk) -> {
          tail.add(chunk);
          vertex.log(stream, chunk);
        }, token);
      }
      ctx.checkCancelled();
      if (!result.succeeded()) {
        String lines = session.mask.apply(tail.lines(TAIL_LINES));
        throw new BuildError(result.failureMessage(exec.args())
            + (lines.isEmpty() ? "" : "; last output: " + lines));
      }
      Instant now = Steps.now();
      // runc's mount points (/etc/hosts, /proc, --mount targets) are removed again by the executor; their
      // copied-up parents are dropped here, so a layer holds only what the command changed
      List<LayerEntry> diff = MountTraces.strip(snap.diff(), new LowerView(session.layerDirs(in.layers())));
      Layer layer = session.writeLayer(diff);
      return in.plus(layer, Steps.history(name, now));
    } finally {
      if (pipes != null) {
        try (var s = Files.list(pipes)) {
          for (Path p : s.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(pipes);
      }
    }
  }

  /** Image env, then the stage's ENV and used build args (later wins); PATH as BuildKit when unset. */
  private List<String> env(ImageConfig.Config base, Map<String, String> mountEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : base.env()) {
      int eq = e.indexOf('=');
      if (eq > 0) {
        env.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    env.putAll(exec.env());
    env.putAll(exec.proxyEnv());
    env.putAll(mountEnv);
    List<String> out = new ArrayList<>();
    if (!env.containsKey("PATH")) {
      out.add(DEFAULT_PATH);
    }
    env.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  private String cwd(ImageConfig.Config base) {
    String cwd = exec.cwd();
    if (cwd == null || cwd.isEmpty()) {
      // No WORKDIR in the Dockerfile (so far): the base image's, else /. An explicit WORKDIR / stays /.
      return base.workingDir() != null && base.workingDir().startsWith("/") ? base.workingDir() : "/";
    }
    return cwd;
  }

  private String user(ImageConfig.Config base) {
    if (!exec.user().isEmpty()) {
      return exec.user();
    }
    return base.user() == null ? "" : base.user();
  }

  private NetworkMode network() {
    return switch (exec.network().toLowerCase(Locale.ROOT)) {
      case "none" -> NetworkMode.NONE;
      case "host" -> NetworkMode.HOST;
      default -> defaultNetwork;
    };
  }

  /** The last lines of a RUN's output, for the error message. */
  private static final class Tail {
    private final StringBuilder buf = new StringBuilder();

    synchronized void add(byte[] chunk) {
      buf.append(new String(chunk, StandardCharsets.UTF_8));
      if (buf.length() > 16384) {
        buf.delete(0, buf.length() - 8192);
      }
    }

    synchronized String lines(int n) {
      String[] all = buf.toString().split("\\R");
      List<String> out = new ArrayList<>();
      for (int i = Math.max(0, all.length - n); i < all.length; i++) {
        if (!all[i].isBlank()) {
          out.add(all[i].strip());
        }
      }
      return String.join(" | ", out);
    }
  }
}
