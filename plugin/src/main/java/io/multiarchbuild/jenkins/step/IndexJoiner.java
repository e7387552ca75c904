package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.export.IndexJoin;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.util.List;
import java.util.Map;

/**
 * Joins per-platform manifests, already pushed to the tags' repositories, into one image index pushed
 * under every tag. Runs where the step runs (the agent reaches the registry; the controller may not).
 */
public final class IndexJoiner {

  private IndexJoiner() {}

  /**
   * @param manifests platform → manifest digest, in index order
   * @return the index digest (the same for every tag)
   */
  public static String join(List<String> tags, Map<String, String> manifests, EngineInputs inputs) {
    try (RegistryClient registry = RegistryClient.create(inputs.credentialStore())) {
      return joinIndex(registry, tags.stream().map(ImageReference::parse).toList(), manifests).toString();
    }
  }

  /**
   * The engine's index join: the platform manifests, found in the first tag's repository, become one
   * index pushed under every tag (blobs are mounted or copied into the other tags' repositories).
   */
  static Digest joinIndex(RegistryClient registry, List<ImageReference> tags, Map<String, String> manifests) {
    ImageReference first = tags.get(0);
    List<ImageReference> sources = manifests.values().stream().map(d -> first.withDigest(Digest.parse(d))).toList();
    return new IndexJoin(registry, null).join(sources, tags).digest();
  }
}
