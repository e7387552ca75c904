package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;

/**
 * A stage the target needs, evaluated for one target platform.
 *
 * @param index position in the Dockerfile
 * @param name display name (AS name or {@code stage-N})
 * @param platform the platform the stage builds for ({@code FROM --platform} or the target platform)
 * @param base the base: a normalised image reference, {@code scratch}, or {@code stage:<name>}
 * @param dependsOn indexes of the stages it reads (base, {@code COPY --from}, {@code --mount from}), sorted
 * @param steps keys of the steps this stage created, in order
 * @param rootfs key of the op holding the stage's final file system
 * @param result key of the stage's last step (file system or metadata)
 * @param config the image-config changes of the stage, including those inherited from a base stage
 */
public record PlannedStage(
    int index,
    String name,
    Platform platform,
    String base,
    List<Integer> dependsOn,
    List<Digest> steps,
    Digest rootfs,
    Digest result,
    ImageConfig config) {

  public PlannedStage {
    dependsOn = List.copyOf(dependsOn);
    steps = List.copyOf(steps);
  }
}
