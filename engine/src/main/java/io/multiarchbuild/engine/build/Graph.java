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
  private final FromResolver resolver;
  private final Map<Digest, Vertex<State>> vertices = new HashMap<>();
  /** The one vertex of each build context (by name), whatever COPY asked for it first. */
  private final Map<String, Vertex<State>> contexts = new HashMap<>();
  /** Local named build contexts (--build-context name=DIR): their directory and .dockerignore rules. */
  private final Map<String, State> namedDirs = new HashMap<>();
  private boolean showPlatform;

  Graph(Session session, Path context, IgnoreRules ignore, NetworkMode network, Set<Integer> noCacheStages,
      boolean noCache, boolean pull, FromResolver resolver) {
    this.session = session;
    this.context = context;
    this.ignore = ignore;
    this.network = network;
    this.noCacheStages = noCacheStages;
    this.noCache = noCache;
    this.pull = pull;
    this.nonce = Long.toHexString(System.nanoTime()) + Long.toHexString(Double.doubleToLongBits(Math.random()));
    this.resolver = resolver;
  }

  /** Whether the build has several platforms, so that metadata vertices name theirs (as BuildKit's do). */
  void showPlatform(boolean show) {
    this.showPlatform = show;
  }

  /** Registers a local named build context, read like the main one. */
  void namedContext(String name, Path dir, IgnoreRules rules) {
    namedDirs.put(name, State.context(dir, rules));
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
    if (step.op() instanceof ContextSource c && inputs.isEmpty()) {
      // The plan has a context source per COPY (its include patterns narrow what that COPY keys on),
      // but the directory is the same: one vertex per context, so the progress shows one
      // "[internal] load build context" as BuildKit's does (it transfers each context once).
      v = contexts.computeIfAbsent(c.name(), n -> Vertex.of("context:" + n, step.name(), op(plan, step), List.of()));
      vertices.put(key, v);
      return v;
    }
    if (step.op() instanceof FileCopy f && LinkMergeOp.applies(f)) {
      // COPY --link: the layer is its own vertex, keyed without the base, and a cheap merge puts it
      // on the base; a changed base re-runs only the merge and reuses the cached layer.
      Vertex<State> layer = Vertex.of(bypassKey(plan, step, "link-layer:" + f.layerKey()), step.name(), linkedCopy(plan, step, f),
          inputs.subList(1, inputs.size()));
      v = Vertex.of(solverKey(plan, step), "merge (" + step.name() + ")", new LinkMergeOp(), List.of(inputs.get(0), layer));
      vertices.put(key, v);
      return v;
    }
    if (step.op() instanceof ImageSource img) {
      Vertex<State> meta = Vertex.of(bypassKey(plan, step, "metadata:" + step.key()), ImageMetadataOp.name(img, showPlatform),
          new ImageMetadataOp(img, resolver), List.of());
      inputs = List.of(meta);
    }
    v = Vertex.of(solverKey(plan, step), step.name(), op(plan, step), inputs);
    if (step.op() instanceof ScratchSource) {
      session.hide(v.key()); // the empty file system: BuildKit has no vertex for it, nor a step number
    }
    vertices.put(key, v);
    return v;
  }

  /**
   * The plan key, made unique to this build where the cache must not answer: --no-cache, a stage in
   * --no-cache-filter, or a FROM under --pull. A changed key also changes every dependant's key,
   * which is what BuildKit does too (they re-run).
   */
  private String solverKey(PlatformPlan plan, Step step) {
    String key = step.key().toString();
    if (step.op() instanceof ImageSource img) {
      // the resolved manifest, so that a tag moved to a new image re-runs what is built on it
      key += resolver.keyPart(img).map(d -> "@" + d).orElse("");
    } else if (step.op() instanceof MakeDir && session.sourceDateEpoch() != null) {
      // the directory's time is the epoch (as BuildKit's mkdir carries its timestamp): another epoch, another layer
      key += "@epoch=" + session.sourceDateEpoch().getEpochSecond();
    }
    return bypassKey(plan, step, key);
  }

  private String bypassKey(PlatformPlan plan, Step step, String key) {
    boolean bypass = noCache || noCacheStages.contains(step.stageIndex()) || (pull && step.op() instanceof ImageSource);
    if (step.op() instanceof ContextSource) {
      bypass = false; // never cached anyway; its content is keyed by the COPYs
    }
    return bypass ? key + "+" + nonce : key;
  }

  private CopyOp linkedCopy(PlatformPlan plan, Step step, FileCopy f) {
    return new CopyOp(session, f, step.name(), origin(plan, f), true);
  }

  private Op<State> op(PlatformPlan plan, Step step) {
    String key = step.key().toString();
    io.multiarchbuild.engine.plan.Op op = step.op();
    if (op instanceof ImageSource s) {
      return new ImageSourceOp(session, s, pull, resolver);
    } else if (op instanceof ScratchSource) {
      return ImageSourceOp.scratch(io.multiarchbuild.engine.oci.Platform.host());
    } else if (op instanceof ContextSource c) {
      if (!c.name().equals("context")) {
        State named = namedDirs.get(c.name());
        if (named == null) {
          throw new IllegalStateException("plan names a build context that was not registered: " + c.name());
        }
        return new ContextOp(named.context(), named.ignore());
      }
      return new ContextOp(context, ignore);
    } else if (op instanceof Exec e) {
      return new ExecOp(session, e, key, step.name(), network);
    } else if (op instanceof FileCopy f) {
      return new CopyOp(session, f, step.name(), origin(plan, f), false);
    } else if (op instanceof MakeDir m) {
      return new MkdirOp(session, m, step.name());
    } else if (op instanceof RemoteSource r) {
      return r.git() ? new GitSourceOp(session, r) : new HttpSourceOp(session, r);
    }
    throw new IllegalStateException("no adapter for plan op " + op.kind());
  }

  /** Where a copy's files come from: a local build context (keyed on file checksums), a download, a Git checkout, or else. */
  private static CopyOp.Origin origin(PlatformPlan plan, FileCopy f) {
    if (f.source() == null) {
      return CopyOp.Origin.OTHER;
    }
    io.multiarchbuild.engine.plan.Op src = plan.byKey().get(f.source()).op();
    if (src instanceof ContextSource) {
      return CopyOp.Origin.CONTEXT;
    }
    if (src instanceof RemoteSource r) {
      return r.git() ? CopyOp.Origin.GIT : CopyOp.Origin.URL;
    }
    return CopyOp.Origin.OTHER;
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
