package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.DockerfileModel;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to plan.
 *
 * @param model the Dockerfile's instructions
 * @param buildArgs {@code --build-arg} values
 * @param target the stage to build, or null for the last one
 * @param platforms target platforms (at least one)
 * @param buildPlatform the platform the build runs on ({@code BUILDPLATFORM})
 * @param contextExcludes .dockerignore patterns of the main context
 * @param namedContexts {@code --build-context} values by (lower-case) name
 * @param baseConfigs the configs of FROM images (working dir, env, user, shell), as BuildKit reads them
 *     while converting; {@link BaseConfig.Lookup#NONE} plans as if every image had none
 */
public record PlanRequest(
    DockerfileModel model,
    Map<String, String> buildArgs,
    String target,
    List<Platform> platforms,
    Platform buildPlatform,
    List<String> contextExcludes,
    Map<String, NamedContext> namedContexts,
    BaseConfig.Lookup baseConfigs) {

  public PlanRequest {
    Objects.requireNonNull(model, "model");
    buildArgs = Map.copyOf(buildArgs);
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(buildPlatform, "buildPlatform");
    contextExcludes = List.copyOf(contextExcludes);
    namedContexts = Map.copyOf(namedContexts);
    Objects.requireNonNull(baseConfigs, "baseConfigs");
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("at least one target platform is needed");
    }
  }

  public PlanRequest(
      DockerfileModel model, Map<String, String> buildArgs, String target, List<Platform> platforms, Platform buildPlatform) {
    this(model, buildArgs, target, platforms, buildPlatform, List.of());
  }

  public PlanRequest(
      DockerfileModel model, Map<String, String> buildArgs, String target, List<Platform> platforms, Platform buildPlatform,
      List<String> contextExcludes) {
    this(model, buildArgs, target, platforms, buildPlatform, contextExcludes, Map.of());
  }

  public PlanRequest(
      DockerfileModel model, Map<String, String> buildArgs, String target, List<Platform> platforms, Platform buildPlatform,
      List<String> contextExcludes, Map<String, NamedContext> namedContexts) {
    this(model, buildArgs, target, platforms, buildPlatform, contextExcludes, namedContexts, BaseConfig.Lookup.NONE);
  }
}
