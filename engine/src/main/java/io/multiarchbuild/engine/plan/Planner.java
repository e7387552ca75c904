package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.DockerfileModel;
import io.multiarchbuild.engine.oci.Platform;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans a Dockerfile build: one graph of ops per target platform, each op with a cache key. Stages
 * that do not depend on the target platform (e.g. {@code FROM --platform=$BUILDPLATFORM} without
 * target-dependent args) produce the same keys in every platform's graph, so a solver runs them once.
 */
public final class Planner {
  private Planner() {}

  /** Plans {@code request}; throws {@link io.multiarchbuild.engine.dockerfile.DockerfileError} naming the line of a problem. */
  public static BuildPlan plan(PlanRequest request) {
    DockerfileModel model = request.model();
    StageGraph graph = new StageGraph(model, request.target(), request.namedContexts());
    Set<String> used = new HashSet<>();
    Set<String> lint = new LinkedHashSet<>();
    List<PlatformPlan> plans = new ArrayList<>();
    for (Platform p : request.platforms()) {
      plans.add(new PlatformEvaluator(request, graph, p, used, lint).run());
    }
    List<String> warnings = new ArrayList<>();
    model.warnings().forEach(w -> warnings.add(model.fileName() + ":" + w.line() + ": " + w.rule() + ": " + w.message()));
    warnings.addAll(lint);
    Set<String> unused = new TreeSet<>(request.buildArgs().keySet());
    unused.removeAll(used);
    // Built-in arguments are consumed by the builder itself, never reported as unused.
    unused.removeIf(a -> a.startsWith("BUILDKIT_") || a.equals("SOURCE_DATE_EPOCH") || PlatformEvaluator.PROXY_ARGS.contains(a)
        || PlatformEvaluator.AUTOMATIC_ARGS.contains(a));
    if (!unused.isEmpty()) {
      warnings.add("build arguments not consumed by any stage: " + String.join(", ", unused));
    }
    return new BuildPlan(model.fileName(), graph.stages().get(graph.target).displayName(), plans, warnings);
  }
}
