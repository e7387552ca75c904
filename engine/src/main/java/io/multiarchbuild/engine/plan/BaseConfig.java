package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Platform;
import java.util.List;

/**
 * The parts of a base image's config that change how the Dockerfile on top of it is read. BuildKit
 * resolves each FROM image's config while it converts the Dockerfile, so in a stage built on an image
 * with {@code WorkingDir=/app} a relative {@code COPY a .} lands in {@code /app}, {@code WORKDIR sub}
 * means {@code /app/sub}, {@code $VAR} sees the image's ENV, WORKDIR directories belong to the image's
 * USER and shell forms use its SHELL. The planner does the same when it is given a {@link Lookup}.
 *
 * @param workingDir the image's WorkingDir, or empty
 * @param env the image's Env, {@code K=V}
 * @param user the image's User, or empty
 * @param shell the image's Shell, or empty
 * @param onBuild the image's ONBUILD triggers, which BuildKit runs right after the FROM
 */
public record BaseConfig(String workingDir, List<String> env, String user, List<String> shell, List<String> onBuild) {

  public BaseConfig {
    workingDir = workingDir == null ? "" : workingDir;
    env = env == null ? List.of() : List.copyOf(env);
    user = user == null ? "" : user;
    shell = shell == null ? List.of() : List.copyOf(shell);
    onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
  }

  /** Resolves a base image's config for the planner. */
  @FunctionalInterface
  public interface Lookup {

    /** For plans made without a registry (e.g. the {@code plan} command): relative paths start at {@code /}. */
    Lookup NONE = (ref, platform) -> null;

    /**
     * The config of {@code ref} (a normalised reference, or an {@link ImageSource#LAYOUT_PREFIX} one)
     * for {@code platform}; null when it is not known, and then the plan reads relative paths from {@code /}.
     */
    BaseConfig config(String ref, Platform platform);
  }
}
