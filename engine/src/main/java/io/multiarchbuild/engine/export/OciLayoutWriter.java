package io.multiarchbuild.engine.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageIndex;
import io.multiarchbuild.engine.oci.ImageJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an image as an OCI image layout ({@code oci-layout}, {@code index.json}, {@code
 * blobs/sha256/…}), and — for {@code type=docker} — also the docker-save files ({@code
 * manifest.json}, {@code repositories}) pointing at the same blobs, as BuildKit's docker exporter
 * does, so one archive is both.
 */
final class OciLayoutWriter {

  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String CONTAINERD_NAME = "io.containerd.image.name";
  private static final ObjectMapper JSON = new ObjectMapper();

  private OciLayoutWriter() {}

  static String blobPath(Digest d) {
    return "blobs/" + d.algorithm() + "/" + d.hex();
  }

  /** Layout files for {@code image}; {@code names} become index.json entries (one per name, or one unnamed). */
  static void write(AssembledImage image, Blobs blobs, List<String> names, ArchiveSink sink) throws IOException {
    writeBlobs(image, blobs, sink);
    sink.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    List<Descriptor> entries = new ArrayList<>();
    Descriptor top = image.top().descriptor();
    if (names.isEmpty()) {
      entries.add(top);
    }
    for (String name : names) {
      Map<String, String> a = new LinkedHashMap<>();
      a.put(CONTAINERD_NAME, ImageNames.withDefaultTag(name));
      a.put(REF_NAME, ImageNames.tagOf(name));
      entries.add(top.withAnnotations(a));
    }
    sink.file("index.json", ImageJson.write(ImageIndex.of(entries)));
  }

  static void writeBlobs(AssembledImage image, Blobs blobs, ArchiveSink sink) throws IOException {
    for (AssembledImage.PlatformDocs p : image.platforms()) {
      for (Descriptor l : p.layers()) {
        String name = blobPath(l.digest());
        if (!sink.has(name)) {
          sink.blob(name, blobs, l.digest());
        }
      }
      json(sink, p.config());
      json(sink, p.manifest());
    }
    if (image.index() != null) {
      json(sink, image.index());
    }
  }

  private static void json(ArchiveSink sink, AssembledImage.Json j) throws IOException {
    String name = blobPath(j.digest());
    if (!sink.has(name)) {
      sink.file(name, j.bytes());
    }
  }

  /**
   * docker-save's {@code manifest.json} and {@code repositories} for a single-platform image, whose
   * paths point into {@code blobs/} (Docker's loader opens whatever paths manifest.json names).
   */
  static void writeDockerFiles(AssembledImage image, List<String> names, ArchiveSink sink) throws IOException {
    AssembledImage.PlatformDocs p = image.platforms().get(0);
    List<String> tags = new ArrayList<>();
    for (String n : names) {
      tags.add(ImageNames.withDefaultTag(n));
    }
    List<String> layers = new ArrayList<>();
    for (Descriptor l : p.layers()) {
      layers.add(blobPath(l.digest()));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("Config", blobPath(p.config().digest()));
    entry.put("RepoTags", tags);
    entry.put("Layers", layers);
    sink.file("manifest.json", JSON.writeValueAsBytes(List.of(entry)));
    // The legacy file maps repository → tag → image id; loaders prefer manifest.json when present.
    Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
    for (String t : tags) {
      int colon = t.lastIndexOf(':');
      repositories.computeIfAbsent(t.substring(0, colon), k -> new LinkedHashMap<>())
          .put(t.substring(colon + 1), p.config().digest().hex());
    }
    sink.file("repositories", JSON.writeValueAsBytes(repositories));
  }
}
