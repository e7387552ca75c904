package io.multiarchbuild.engine.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.ImageManifest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.oci.PlatformMatcher;
import io.multiarchbuild.engine.registry.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Images read from a local OCI layout directory ({@code --build-context name=oci-layout://DIR[:TAG|@DIGEST]}):
 * which manifest a reference names, and the image for one platform with its blobs copied into a store.
 */
public final class LayoutImages {

  private LayoutImages() {}

  /**
   * The digest of the manifest or index {@code tag} names in the layout (the only image when
   * {@code tag} is null), so a build can pin it before it starts.
   */
  public static Digest resolve(Path dir, String tag) {
    return Digest.sha256(LayoutLocation.directory(dir, tag, 1).top().bytes());
  }

  /** The image {@code digest} (a manifest or an index) names in the layout, for {@code platform}; its blobs are added to {@code target}. */
  public static PlatformImage load(Path dir, Digest digest, Platform platform, Blobs target) {
    LayoutLocation layout = LayoutLocation.directory(dir, null, 1);
    String where = "oci-layout://" + dir + "@" + digest;
    RawManifest top = layout.manifest(Descriptor.of(mediaType(layout, digest, where), digest, 0));
    RawManifest manifest = top;
    if (MediaTypes.isIndex(top.mediaType())) {
      Descriptor chosen = PlatformMatcher.only(platform).select(ImageJson.readIndex(top.bytes()), where);
      manifest = layout.manifest(chosen);
    }
    ImageManifest m = ImageJson.readManifest(manifest.bytes());
    List<Descriptor> blobs = new ArrayList<>();
    blobs.add(m.config());
    blobs.addAll(m.layers());
    try {
      for (Descriptor d : blobs) {
        if (!target.contains(d.digest())) {
          target.add(d.digest(), out -> layout.copyBlob(d, out));
        }
      }
      ImageConfig config;
      try (InputStream in = target.open(m.config().digest())) {
        config = ImageJson.readConfig(in.readAllBytes());
      }
      List<Layer> layers = new ArrayList<>();
      for (int i = 0; i < m.layers().size(); i++) {
        layers.add(new Layer(m.layers().get(i), config.diffIds().get(i), -1));
      }
      return new PlatformImage(config.platform(), config, layers);
    } catch (IOException e) {
      throw new ExportError(where + ": cannot copy its blobs: " + e.getMessage(), e);
    }
  }

  /** A blob's own mediaType field (manifests and indexes carry one), read before its descriptor is known. */
  private static String mediaType(LayoutLocation layout, Digest digest, String where) {
    byte[] bytes = layout.manifest(Descriptor.of(MediaTypes.OCI_MANIFEST, digest, 0)).bytes();
    try {
      var node = new ObjectMapper().readTree(bytes).get("mediaType");
      if (node == null) {
        throw new ExportError(where + ": the blob is not a manifest or index (no mediaType)");
      }
      return node.asText();
    } catch (IOException e) {
      throw new ExportError(where + ": the blob is not JSON: " + e.getMessage(), e);
    }
  }
}
