package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder;
import io.multiarchbuild.engine.progress.ProgressSinks;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Shared helpers of the build ITs. */
final class BuildFixtures {

  static final Path REPO_ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path HELLO = REPO_ROOT.resolve("examples/hello");

  private BuildFixtures() {}

  static String uniqueTag() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  static BuildRequest.Builder request(Path context, Path cacheDir, Platform... platforms) {
    return BuildRequest.builder().contextDir(context).cacheDir(cacheDir).platforms(List.of(platforms));
  }

  static BuildResult run(BuildRequest request) {
    return Build.run(request, ProgressSinks.discard());
  }

  static OutputSpec push(String ref) {
    return OutputSpec.parse("type=registry,name=" + ref);
  }

  /** Names of the vertices that ran (not cached) in a build. */
  static List<String> executed(BuildResult r) {
    return r.vertices().stream()
        .filter(v -> !v.vertex().cached())
        .map(v -> v.vertex().name())
        .filter(n -> n.startsWith("["))
        .filter(n -> !n.startsWith("[internal]"))
        .toList();
  }

  static List<ProgressRecorder.VertexRecord> steps(BuildResult r) {
    return r.vertices().stream().filter(v -> v.vertex().name().startsWith("[") && !v.vertex().name().startsWith("[internal]")).toList();
  }
}
