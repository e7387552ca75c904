package io.multiarchbuild.jenkins.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The map the step returns to the Pipeline script: digest, imageName, platforms, metadata. */
public final class StepResults {

  private StepResults() {}

  /** The result of one engine run that built every platform. */
  public static Map<String, Object> of(StepOptions options, AgentBuildResult r) {
    Object name = r.metadata().get("image.name");
    return map(r.digest(), name != null ? name.toString() : String.join(",", options.tags()), r.manifests(), r.metadata());
  }

  /** The result of per-platform runs joined into an index with digest {@code index}. */
  public static Map<String, Object> joined(StepOptions options, String index, Map<String, AgentBuildResult> perPlatform) {
    Map<String, String> manifests = new LinkedHashMap<>();
    Map<String, Object> metadata = new LinkedHashMap<>();
    perPlatform.forEach((p, r) -> {
      manifests.putAll(r.manifests());
      metadata.put(p, r.metadata());
    });
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("containerimage.digest", index);
    top.put("image.name", String.join(",", options.tags()));
    top.put("platforms", metadata);
    return map(index, String.join(",", options.tags()), manifests, top);
  }

  private static Map<String, Object> map(String digest, String imageName, Map<String, String> manifests,
      Map<String, Object> metadata) {
    // Plain HashMap/ArrayList/String only: the map lives in the Pipeline's CPS program state.
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("digest", digest);
    out.put("imageName", imageName);
    out.put("platforms", new LinkedHashMap<>(manifests));
    out.put("metadata", AgentBuild.plain(metadata));
    return out;
  }

  static List<String> strings(List<?> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(v.toString()));
    return out;
  }
}
