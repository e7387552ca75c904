package io.multiarchbuild.engine.plan;

import java.util.List;

/**
 * The result of planning: one graph per target platform.
 *
 * @param fileName the Dockerfile's name
 * @param target the target stage's display name
 * @param platforms one plan per requested platform, in request order
 * @param warnings non-fatal findings (unused build arguments, lint-style notes)
 */
public record BuildPlan(String fileName, String target, List<PlatformPlan> platforms, List<String> warnings) {
  public BuildPlan {
    platforms = List.copyOf(platforms);
    warnings = List.copyOf(warnings);
  }
}
