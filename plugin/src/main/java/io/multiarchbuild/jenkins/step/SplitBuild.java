package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A build whose platforms run on several agents: each platform is built in parallel where the
 * placement says and pushed on its own, then the manifests are joined into one index under the tags.
 * Where and how a platform builds is {@link Agents}' business ({@link JenkinsAgents} in Jenkins), so
 * this orchestration is tested without Jenkins.
 */
final class SplitBuild {

  /** Runs one platform's build (already narrowed by {@link #forPlatform}) and the final join. */
  interface Agents {
    /** Builds on the step's own agent. */
    AgentBuildResult buildHere(Platform platform, StepOptions one) throws IOException, InterruptedException;

    /** Builds on an online agent with {@code label}. */
    AgentBuildResult buildOn(Platform platform, String label, StepOptions one) throws IOException, InterruptedException;

    /** Joins the pushed manifests (platform → digest, in order) into an index under the tags; returns its digest. */
    String join(List<String> tags, Map<String, String> manifests) throws IOException, InterruptedException;
  }

  private SplitBuild() {}

  /**
   * Builds every platform and joins them.
   *
   * @param results filled with each platform's result, in platform order
   * @return the step's result map
   */
  static Map<String, Object> run(StepOptions options, Placement placement, Agents agents,
      Map<String, AgentBuildResult> results) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(placement.platforms().size(), r -> {
      Thread t = new Thread(r, "multiArchBuild platform");
      t.setDaemon(true);
      return t;
    });
    try {
      Map<Platform, Future<AgentBuildResult>> futures = new LinkedHashMap<>();
      for (Platform p : placement.platforms()) {
        String label = placement.labels().get(p);
        StepOptions one = forPlatform(options, p);
        futures.put(p, pool.submit(() -> label == null ? agents.buildHere(p, one) : agents.buildOn(p, label, one)));
      }
      for (Map.Entry<Platform, Future<AgentBuildResult>> e : futures.entrySet()) {
        try {
          results.put(e.getKey().toString(), e.getValue().get());
        } catch (ExecutionException x) {
          // one platform failed: stop the others rather than let them push half a release
          futures.values().forEach(f -> f.cancel(true));
          throw rethrow(e.getKey(), x.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, String> manifests = new LinkedHashMap<>();
    results.forEach((p, r) -> manifests.put(p, r.manifests().getOrDefault(p, r.digest())));
    String index = agents.join(options.tags(), manifests);
    return StepResults.joined(options, index, results);
  }

  /** One platform's options: that platform only, pushed by digest to the tags' repositories, no builders. */
  static StepOptions forPlatform(StepOptions options, Platform p) {
    return options.forPlatform(p.toString(), List.of(perPlatformOutput(options.tags())), options.context(),
        options.file());
  }

  /**
   * Where one platform of a split build is pushed before the join: every tag's repository (the index
   * must find its manifests there), by digest only ({@code push-by-digest=true}, as buildx), so no
   * per-platform tag is left behind.
   */
  static String perPlatformOutput(List<String> tags) {
    Set<String> repositories = new LinkedHashSet<>();
    for (String tag : tags) {
      ImageReference ref = ImageReference.parse(tag);
      repositories.add(ref.registry() + "/" + ref.repository());
    }
    return "type=registry,\"name=" + String.join(",", repositories) + "\",push-by-digest=true";
  }

  static String slug(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]+", "-");
  }

  private static IOException rethrow(Platform p, Throwable cause) throws InterruptedException {
    if (cause instanceof InterruptedException ie) {
      throw ie;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof RuntimeException re) {
      throw re;
    }
    return new IOException(p + ": " + cause, cause);
  }
}
