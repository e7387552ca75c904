package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.ImageConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small helpers for naming steps and their history entries the way BuildKit writes them. */
final class Steps {

  /** BuildKit's history comment for Dockerfile steps. */
  static final String COMMENT = "buildkit.dockerfile.v0";

  private Steps() {}

  /** The instruction text of a vertex name: {@code [linux/arm64 build 2/5] RUN x} → {@code RUN x}. */
  static String instruction(String vertexName) {
    return vertexName.startsWith("[") && vertexName.contains("] ")
        ? vertexName.substring(vertexName.indexOf("] ") + 2)
        : vertexName;
  }

  static ImageConfig.History history(String vertexName, Instant created) {
    return new ImageConfig.History(created, instruction(vertexName) + " # buildkit", null, COMMENT, false);
  }

  static ImageConfig.History emptyHistory(String vertexName, Instant created) {
    return new ImageConfig.History(created, instruction(vertexName) + " # buildkit", null, COMMENT, true);
  }

  /** Whole seconds, as image configs usually carry. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The {@code SOURCE_DATE_EPOCH} build argument as an instant, or null when it is not given (empty
   * counts as not given, as in BuildKit's frontend).
   *
   * @throws BuildError when it is not a whole number of seconds
   */
  static Instant sourceDateEpoch(java.util.Map<String, String> buildArgs) {
    String v = buildArgs.get("SOURCE_DATE_EPOCH");
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new BuildError("invalid SOURCE_DATE_EPOCH \"" + v + "\": give a whole number of seconds since 1970-01-01 UTC");
    }
  }
}
