package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.ImageManifest;
import io.multiarchbuild.engine.oci.ImageIndex;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import io.multiarchbuild.engine.oci.Platform;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image result turned into its JSON documents: per platform a config and a manifest, plus an index
 * when the result is multi-platform. The bytes are deterministic (see {@code ImageJson}), so the same
 * result always gets the same digests.
 *
 * @param platforms one entry per platform, in the result's order
 * @param index the index document, or null for a single-platform result
 * @param style the media type family used
 */
record AssembledImage(List<PlatformDocs> platforms, Json index, MediaTypeStyle style) {

  /** A JSON document and its descriptor. */
  record Json(byte[] bytes, Descriptor descriptor) {
    static Json of(String mediaType, byte[] bytes) {
      return new Json(bytes, Descriptor.ofContent(mediaType, bytes));
    }

    Digest digest() {
      return descriptor.digest();
    }
  }

  /** One platform's config and manifest, and the layer descriptors the manifest lists. */
  record PlatformDocs(Platform platform, Json config, Json manifest, List<Descriptor> layers, PlatformImage image) {}

  AssembledImage {
    platforms = List.copyOf(platforms);
  }

  /** What {@code type=image} pushes under the tags / {@code index.json} points at. */
  Json top() {
    return index != null ? index : platforms.get(0).manifest();
  }

  static AssembledImage of(ImageResult result, MediaTypeStyle style) {
    List<PlatformDocs> docs = new ArrayList<>();
    for (PlatformImage image : result.images()) {
      Json config = Json.of(style.configType(), ImageJson.write(image.config()));
      List<Descriptor> layers = new ArrayList<>();
      for (var l : image.layers()) {
        Descriptor b = l.blob();
        layers.add(new Descriptor(style.convert(b.mediaType()), b.digest(), b.size(), b.annotations(), null, b.urls()));
      }
      ImageManifest m = new ImageManifest(2, style.manifestType(), config.descriptor(), layers, Map.of(), null);
      docs.add(new PlatformDocs(image.platform(), config, Json.of(style.manifestType(), ImageJson.write(m)), layers, image));
    }
    Json index = null;
    if (result.multiPlatform()) {
      List<Descriptor> entries = new ArrayList<>();
      for (PlatformDocs d : docs) {
        entries.add(d.manifest().descriptor().withPlatform(d.platform()));
      }
      ImageIndex i = new ImageIndex(2, style.indexType(), entries, Map.of());
      index = Json.of(style.indexType(), ImageJson.write(i));
    }
    return new AssembledImage(docs, index, style);
  }

  /**
   * The keys buildx writes to {@code --metadata-file} for an image output: {@code containerimage.digest},
   * {@code containerimage.descriptor} (with BuildKit's {@code config.digest} and {@code created}
   * annotations for a single platform), {@code containerimage.config.digest} (single platform) and
   * {@code image.name} when there are names.
   */
  Map<String, Object> metadata(List<String> names) {
    Map<String, Object> m = new LinkedHashMap<>();
    Descriptor top = top().descriptor();
    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("mediaType", top.mediaType());
    descriptor.put("digest", top.digest().toString());
    descriptor.put("size", top.size());
    if (index == null) {
      PlatformDocs only = platforms.get(0);
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put("config.digest", only.config().digest().toString());
      if (only.image().config().created() != null) {
        annotations.put("org.opencontainers.image.created",
            DateTimeFormatter.ISO_INSTANT.format(only.image().config().created()));
      }
      descriptor.put("annotations", annotations);
      m.put("containerimage.config.digest", only.config().digest().toString());
    }
    m.put("containerimage.descriptor", descriptor);
    m.put("containerimage.digest", top.digest().toString());
    if (!names.isEmpty()) {
      m.put("image.name", String.join(",", names));
    }
    return m;
  }
}
