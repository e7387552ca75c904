package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder;
import java.util.List;
import java.util.Map;

/**
 * What a build produced.
 *
 * @param manifests each platform's image manifest digest (OCI media types, as the oci/registry outputs write them)
 * @param digest the digest the outputs report ({@code containerimage.digest}): the index for several
 *     platforms, the manifest for one
 * @param metadata the {@code --metadata-file} map
 * @param vertices every progress vertex of the build (name, cached, timings, errors)
 */
public record BuildResult(
    Map<Platform, Digest> manifests, Digest digest, Map<String, Object> metadata, List<ProgressRecorder.VertexRecord> vertices) {

  public BuildResult {
    manifests = Map.copyOf(manifests);
    metadata = Map.copyOf(metadata);
    vertices = List.copyOf(vertices);
  }
}
