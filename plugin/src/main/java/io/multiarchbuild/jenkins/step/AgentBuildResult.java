package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.jenkins.page.BuildRecord;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an engine run on an agent sends back to the controller (serializable, plain values).
 *
 * @param digest the index digest (several platforms) or the manifest digest (one)
 * @param manifests platform → manifest digest
 * @param metadata the {@code --metadata-file} map, with only strings, numbers, booleans, maps and lists
 * @param elapsed how long the engine ran
 * @param record the build-page record made on the agent from the engine's result (secrets masked)
 */
public record AgentBuildResult(String digest, Map<String, String> manifests, Map<String, Object> metadata,
    Duration elapsed, BuildRecord record) implements Serializable {
  private static final long serialVersionUID = 1L;

  public AgentBuildResult {
    manifests = new LinkedHashMap<>(manifests);
    metadata = new LinkedHashMap<>(metadata);
  }
}
