package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The build graph for one target platform.
 *
 * @param platform the target platform
 * @param stages the stages the target needs, by index (pruned stages are absent)
 * @param steps every op once (equal keys are one op), inputs before the ops that read them
 * @param target the target stage's index
 */
public record PlatformPlan(Platform platform, List<PlannedStage> stages, List<Step> steps, int target) {
  public PlatformPlan {
    stages = List.copyOf(stages);
    steps = List.copyOf(steps);
  }

  /** The target stage. */
  public PlannedStage targetStage() {
    return stages.stream().filter(s -> s.index() == target).findFirst().orElseThrow();
  }

  /** Steps by key. */
  public Map<Digest, Step> byKey() {
    return steps.stream().collect(Collectors.toMap(Step::key, Function.identity()));
  }
}
