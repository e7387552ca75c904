package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.oci.Platform;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each platform of a build is built.
 *
 * @param platforms every requested platform in order; empty means "the agent's own platform"
 * @param labels platforms built on an agent with that label expression (a subset of
 *     {@code platforms}); the others build where the step runs
 */
public record Placement(List<Platform> platforms, Map<Platform, String> labels) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Placement {
    platforms = List.copyOf(platforms);
    labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** True when some platform builds on another agent, so results are pushed per platform and joined. */
  public boolean split() {
    return !labels.isEmpty();
  }

  /** The platforms built where the step runs, in request order. */
  public List<Platform> local() {
    List<Platform> out = new ArrayList<>();
    for (Platform p : platforms) {
      if (!labels.containsKey(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
