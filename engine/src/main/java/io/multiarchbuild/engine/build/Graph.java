package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.exec.NetworkMode;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.plan.BuildPlan;
import io.multiarchbuild.engine.plan.ContextSource;
import io.multiarchbuild.engine.plan.Exec;
import io.multiarchbuild.engine.plan.FileCopy;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.plan.MakeDir;
import io.multiarchbuild.engine.plan.Metadata;
import io.multiarchbuild.engine.plan.PlannedStage;
import io.multiarchbuild.engine.plan.PlatformPlan;
import io.multiarchbuild.engine.plan.RemoteSource;
import io.multiarchbuild.engine.plan.ScratchSource;
import io.multiarchbuild.engine.plan.Step;
import io.multiarchbuild.engine.solver.Op;
import io.multiarchbuild.engine.solver.Vertex;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the plan's per-platform ops into one solver graph. Ops with the same plan key (the build
 * context, or a step that is identical on two platforms) become one vertex, so the solver runs them
 * once. Metadata ops are not vertices: they change no files and {@link ImageAssembler} applies them.
 */
final class Graph {

  private final Session session;
  private final Path context;
  private final IgnoreRules ignore;
  private final NetworkMode network;
  private final Set<Integer> noCacheStages;
  private final boolean noCache;
  private final boolean pull;
  private final String nonce;
  private final Map<Digest, Vertex<State>> vertices = new HashMap<>();

  Graph(Session session, Path context, IgnoreRules ignore, NetworkMode network, Set<Integer> noCacheStages,
      boolean noCache, boolean pull) {
    this.session = session;
    this.context = context;
    this.ignore = ignore;
    this.network = network;
    this.noCacheStages = noCacheStages;
    this.noCache = noCache;
    this.pull = pull;
    this.nonce = Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));
  }

  /** The vertex of a plan step (creating it and its inputs on first use). */
  Vertex<State> vertex(PlatformPlan plan, Digest key) {
    Vertex<State> v = vertices.get(key);
    if (v != null) {
      return v;
    }
    Map<Digest, Step> steps = plan.byKey();
    Step step = steps.get(key);
    if (step.op() instanceof Metadata m) {
      return vertex(plan, m.input()); // metadata rides on the file-system chain
    }
    List<Vertex<State>> inputs = step.op().inputs().stream()
        .map(in -> vertex(plan, in))
        .toList();
    v = Vertex.of(solverKey(plan, step), step.name(), op(step), inputs);
    vertices.put(key, v);
    return v;
  }

  /**
   * The plan key, made unique to this build where the cache must not answer: --no-cache, a stage in
   * --no-cache-filter, or a FROM under --pull. A changed key also changes every dependant's key,
   * which is what BuildKit does too (they re-run).
   */
  private String solverKey(PlatformPlan plan, Step step) {
    boolean bypass = noCache || noCacheStages.contains(step.stageIndex()) || (pull && step.op() instanceof ImageSource);
    if (step.op() instanceof ContextSource) {
      bypass = false; // never cached anyway; its content is keyed by the COPYs
    }
    return bypass ? step.key() + "+" + nonce : step.key().toString();
  }

  private Op<State> op(Step step) {
    String key = step.key().toString();
    io.multiarchbuild.engine.plan.Op op = step.op();
    if (op instanceof ImageSource s) {
      return new ImageSourceOp(session, s, pull);
    } else if (op instanceof ScratchSource) {
      return ImageSourceOp.scratch(io.multiarchbuild.engine.oci.Platform.host());
    } else if (op instanceof ContextSource c) {
      if (!c.name().equals("context")) {
        throw new BuildError("named build context \"" + c.name() + "\" is not supported by the embedded solver yet");
      }
      return new ContextOp(context, ignore);
    } else if (op instanceof Exec e) {
      return new ExecOp(session, e, key, step.name(), network);
    } else if (op instanceof FileCopy f) {
      return new CopyOp(session, f, step.name(), f.source() != null && isContext(f));
    } else if (op instanceof MakeDir m) {
      return new MkdirOp(session, m, step.name());
    } else if (op instanceof RemoteSource r) {
      throw new BuildError(step.name() + ": ADD from " + (r.git() ? "Git" : "a URL")
          + " is not supported by the embedded solver yet");
    }
    throw new IllegalStateException("no adapter for plan op " + op.kind());
  }

  private static boolean isContext(FileCopy f) {
    return "context".equals(f.sourceName());
  }

  /** Vertices the solve must produce for a plan: the rootfs of the target stage and of the stages it is built FROM. */
  List<Vertex<State>> targets(PlatformPlan plan) {
    PlannedStage target = plan.targetStage();
    return ImageAssembler.chain(plan, target).stream().map(s -> vertex(plan, s.rootfs())).toList();
  }

  static Set<Integer> stageIndexes(BuildPlan plan, List<String> names) {
    Set<Integer> out = new java.util.HashSet<>();
    for (PlatformPlan p : plan.platforms()) {
      for (PlannedStage s : p.stages()) {
        if (names.contains(s.name())) {
          out.add(s.index());
        }
      }
    }
    return out;
  }
}
