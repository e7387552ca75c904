package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageIndex;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.util.ArrayList;
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
    Digest index = null;
    try (RegistryClient registry = RegistryClient.create(inputs.credentialStore())) {
      for (String tag : tags) {
        Digest d = joinIndex(registry, ImageReference.parse(tag), manifests);
        if (index != null && !index.equals(d)) {
          throw new IllegalStateException("the index differs between tags: " + index + " vs " + d);
        }
        index = d;
      }
    }
    return String.valueOf(index);
  }

  /**
   * ADAPTER POINT (index join): the engine API {@code io.multiarchbuild.engine.export.IndexJoin} is
   * being written on another branch; until it is merged this builds the index with the engine's
   * registry client directly. Replace the body at merge with:
   * <pre>{@code
   * List<ImageReference> sources = manifests.values().stream().map(d -> tag.withDigest(Digest.parse(d))).toList();
   * return new IndexJoin(registry, null).join(sources, List.of(tag)).digest();
   * }</pre>
   */
  static Digest joinIndex(RegistryClient registry, ImageReference tag, Map<String, String> manifests) {
    List<Descriptor> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : manifests.entrySet()) {
      RawManifest m = registry.manifestGet(tag.withDigest(Digest.parse(e.getValue())));
      entries.add(m.descriptor().withPlatform(Platform.parse(e.getKey())));
    }
    byte[] json = ImageJson.write(ImageIndex.of(entries));
    return registry.manifestPut(tag, json, MediaTypes.OCI_INDEX);
  }
}
