package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.build.Build;
import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.build.BuildResult;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.PlainRenderer;
import io.multiarchbuild.engine.progress.ProgressSink;
import io.multiarchbuild.engine.progress.SecretMasker;
import io.multiarchbuild.jenkins.page.BuildRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine run on the machine it is called on (an agent, via {@link AgentBuildCallable}): maps the
 * job to a request, streams BuildKit-style plain progress (prefixed, secrets masked) to the console
 * and returns plain results. Free of Jenkins types, so it is tested directly.
 */
public final class AgentBuild {

  private AgentBuild() {}

  public static AgentBuildResult run(AgentJob job, EngineInputs inputs, PrintStream console) throws IOException {
    List<Platform> platforms = new ArrayList<>();
    for (String p : job.platforms()) {
      platforms.add(Platform.parse(p));
    }
    Path workspace = Path.of(job.workspace());
    Path cacheDir = Path.of(job.cacheDir());
    Files.createDirectories(cacheDir);
    // no metadata file: the result carries the same map
    BuildRequest request = RequestMapper.toRequest(job.options(), platforms, workspace, cacheDir, null, inputs);
    long start = System.nanoTime();
    BuildResult result;
    // The masker sits before the renderer so that no rendered line (logs, errors, names) shows a secret.
    try (ProgressSink sink = new SecretMasker(inputs.maskValues(), new PlainRenderer(console, job.logPrefix()))) {
      result = Build.run(request, sink, inputs.credentialStore());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Map<String, String> manifests = new LinkedHashMap<>();
    result.manifests().forEach((p, d) -> manifests.put(p.toString(), d.toString()));
    // keep the request's platform order (the engine's map is unordered)
    Map<String, String> ordered = new LinkedHashMap<>();
    for (Platform p : request.platforms()) {
      if (manifests.containsKey(p.toString())) {
        ordered.put(p.toString(), manifests.get(p.toString()));
      }
    }
    ordered.putAll(manifests);
    return new AgentBuildResult(result.digest().toString(), ordered, plain(result.metadata()), elapsed,
        record(result, elapsed, inputs.maskValues()));
  }

  /**
   * The persisted record of the build page is made here, on the agent, because the engine's
   * {@link BuildResult} does not cross the remoting channel; it masks every secret value.
   */
  static BuildRecord record(BuildResult result, Duration elapsed, List<String> secretValues) {
    return BuildRecord.of(result, elapsed, secretValues);
  }

  /** A deep copy holding only types that serialize everywhere (and are safe in Pipeline's CPS state). */
  static Map<String, Object> plain(Map<String, ?> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, plainValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object plainValue(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return plain((Map<String, ?>) m);
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(x -> out.add(plainValue(x)));
      return out;
    }
    return v.toString();
  }
}
