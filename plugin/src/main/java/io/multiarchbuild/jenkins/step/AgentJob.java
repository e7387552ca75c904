package io.multiarchbuild.jenkins.step;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one engine run on an agent needs, as plain serializable values: the options, which platforms
 * it builds, and where (paths on that agent).
 *
 * @param options the step's options (for a per-platform build: narrowed to that platform)
 * @param platforms platforms this run builds (normalised strings); empty = the agent's own
 * @param workspace the directory {@code context}/{@code file} are relative to
 * @param cacheDir the engine cache directory on the agent
 * @param logPrefix put before every console line, e.g. {@code [linux/arm64] }
 */
public record AgentJob(StepOptions options, List<String> platforms, String workspace, String cacheDir,
    String logPrefix) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AgentJob {
    platforms = new ArrayList<>(platforms);
  }
}
