package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Step options → the engine's {@link BuildRequest}, with paths of the machine that builds. Runs on
 * the agent (paths are the agent's), free of Jenkins types.
 */
public final class RequestMapper {

  private RequestMapper() {}

  /**
   * @param platforms what this engine run builds; empty means the agent's own platform
   * @param workspace the workspace directory; {@code context} and {@code file} are relative to it
   * @param cacheDir the engine's cache directory on this agent
   * @param metadataFile where the engine writes the metadata JSON, or null
   */
  public static BuildRequest toRequest(StepOptions options, List<Platform> platforms, Path workspace, Path cacheDir,
      Path metadataFile, EngineInputs inputs) {
    Path context = workspace.resolve(options.context()).normalize();
    Path dockerfile = options.file() == null ? context.resolve("Dockerfile") : workspace.resolve(options.file()).normalize();
    List<OutputSpec> outputs = new ArrayList<>();
    for (int i = 0; i < options.outputs().size(); i++) {
      try {
        outputs.add(OutputSpec.parse(options.outputs().get(i)));
      } catch (UserError e) {
        throw new OptionError("outputs[" + i + "]", e.getMessage(), e);
      }
    }
    if (options.push()) {
      // the tags name the pushed image, as with buildx --push -t ...
      outputs.add(OutputSpec.parse("type=registry,\"name=" + String.join(",", options.tags()) + "\""));
    }
    BuildRequest.Builder b = BuildRequest.builder()
        // Relative paths of the options (output and local cache directories) are the workspace's, and
        // the environment is this agent process's own: the engine reads neither from the JVM itself.
        .workingDir(workspace.toAbsolutePath())
        .env(System.getenv())
        .contextDir(context)
        .dockerfile(dockerfile)
        .platforms(platforms.isEmpty() ? List.of(Platform.host()) : platforms)
        .buildArgs(options.buildArgs())
        .target(options.target())
        .labels(options.labels())
        .tags(options.tags())
        .outputs(outputs)
        .noCache(options.noCache())
        .cacheDir(cacheDir)
        .progress("plain")
        .metadataFile(metadataFile);
    return inputs.applyTo(b, options.cacheFrom(), options.cacheTo()).build();
  }
}
