package io.multiarchbuild.engine.remotecache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarchbuild.engine.cache.ContentStore;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.registry.BlobSource;
import io.multiarchbuild.engine.registry.BlobUpload;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.PushOutcome;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Writes a cache: the layer blobs its records need, the config blob, and the top document (an image
 * manifest, or an index of blobs) — to a registry ref or an OCI layout directory. Blobs the target
 * already has are not sent; blobs an imported cache has on the same registry are mounted; blobs only
 * an imported cache has elsewhere are fetched (verified) first.
 */
final class CacheWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final CacheSpec spec;
  private final ContentStore store;
  private final ImportedCache imported;
  private final Function<Digest, Optional<String>> knownSources;
  private final VertexHandle vertex;
  private final Map<Digest, Long> sent = new ConcurrentHashMap<>();

  CacheWriter(CacheSpec spec, ContentStore store, ImportedCache imported,
      Function<Digest, Optional<String>> knownSources, VertexHandle vertex) {
    this.knownSources = knownSources;
    this.spec = spec;
    this.store = store;
    this.imported = imported;
    this.vertex = vertex;
  }

  /** Bytes uploaded or copied (mounted and existing blobs count nothing). */
  long bytesSent() {
    return sent.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The top document of a cache (manifest or index bytes and media type), its config blob and its layers. */
  record Top(byte[] bytes, String mediaType, byte[] config, List<Layer> layers) {
    Descriptor descriptor() {
      return Descriptor.ofContent(mediaType, bytes);
    }
  }

  Top top(List<CacheEntry> entries) {
    byte[] config = CacheConfigJson.write(entries);
    List<Layer> layers = CacheConfigJson.layerTable(entries);
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    String mediaType;
    ObjectNode configDesc = JSON.createObjectNode()
        .put("mediaType", CacheConfigJson.MEDIA_TYPE)
        .put("digest", Digest.sha256(config).toString())
        .put("size", config.length);
    if (spec.imageManifest()) {
      mediaType = MediaTypes.OCI_MANIFEST;
      root.put("mediaType", mediaType);
      root.put("artifactType", CacheConfigJson.MEDIA_TYPE);
      root.set("config", configDesc);
      ArrayNode ls = root.putArray("layers");
      layers.forEach(l -> ls.add(descriptor(l)));
    } else {
      mediaType = spec.ociMediaTypes() ? MediaTypes.OCI_INDEX : MediaTypes.DOCKER_MANIFEST_LIST;
      root.put("mediaType", mediaType);
      ArrayNode ms = root.putArray("manifests");
      layers.forEach(l -> ms.add(descriptor(l)));
      ms.add(configDesc);
    }
    try {
      return new Top(JSON.writeValueAsBytes(root), mediaType, config, layers);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  private static JsonNode descriptor(Layer l) {
    ObjectNode n = JSON.createObjectNode()
        .put("mediaType", l.blob().mediaType())
        .put("digest", l.blob().digest().toString())
        .put("size", l.blob().size());
    n.putObject("annotations").put("io.multiarch-build.cache.diffid", l.diffId().toString());
    return n;
  }

  /** {@code entries} with their layers in the compression the spec asks for (see {@link Recompress}). */
  private List<CacheEntry> compressed(List<CacheEntry> entries) throws IOException {
    Recompress r = Recompress.of(spec, store);
    if (r == null) {
      return entries;
    }
    List<CacheEntry> out = r.apply(entries, this::local);
    vertex.log(1, r.count() + " layers recompressed to " + spec.compression().name().toLowerCase(java.util.Locale.ROOT) + "\n");
    return out;
  }

  Descriptor toRegistry(RegistryClient client, ImageReference ref, List<CacheEntry> entries) throws IOException {
    Top top = top(compressed(entries));
    List<BlobUpload> uploads = new ArrayList<>();
    for (Layer l : top.layers()) {
      Digest d = l.blob().digest();
      uploads.add(new BlobUpload(d, source(d, l.blob().size()), mountFrom(d, ref)));
    }
    uploads.add(new BlobUpload(Digest.sha256(top.config()), BlobSource.ofBytes(top.config()), null));
    vertex.log(1, "writing " + top.layers().size() + " layers and config " + Digest.sha256(top.config()) + "\n");
    Map<Digest, PushOutcome> outcomes = client.blobPutAll(ref, uploads, listener());
    long mounted = outcomes.values().stream().filter(o -> o == PushOutcome.MOUNTED).count();
    long existed = outcomes.values().stream().filter(o -> o == PushOutcome.EXISTED).count();
    vertex.log(1, "blobs: " + (outcomes.size() - mounted - existed) + " uploaded, " + mounted + " mounted, "
        + existed + " already there\n");
    Digest m = client.manifestPut(ref, top.bytes(), top.mediaType());
    vertex.log(1, "writing cache " + (spec.imageManifest() ? "image manifest " : "manifest ") + m + "\n");
    return top.descriptor();
  }

  private TransferListener listener() {
    return (d, done, total) -> {
      sent.put(d, done);
      vertex.status(d.toString(), done, total);
    };
  }

  /** A repository on {@code ref}'s registry that an imported cache says has {@code d}, for a mount. */
  private String mountFrom(Digest d, ImageReference ref) {
    String prefix = ref.registry() + "/";
    return imported.registrySource(d)
        .or(() -> knownSources.apply(d))
        .filter(s -> s.startsWith(prefix) && !s.equals(ref.context()))
        .map(s -> s.substring(prefix.length()))
        .orElse(null);
  }

  /** The blob's bytes: from the content store, fetching it from an imported cache first when only that has it. */
  private BlobSource source(Digest d, long size) {
    return new BlobSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream openAt(long offset) throws IOException {
        local(d);
        InputStream in = store.open(d);
        in.skipNBytes(offset);
        return in;
      }
    };
  }

  private void local(Digest d) throws IOException {
    if (!store.has(d)) {
      imported.fetch(d);
    }
  }

  Descriptor toLayout(Path dir, List<CacheEntry> entries) throws IOException {
    Top top = top(compressed(entries));
    Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    for (Layer l : top.layers()) {
      Digest d = l.blob().digest();
      Path target = BlobLocation.Layout.blobPath(dir, d);
      if (Files.isRegularFile(target) && Files.size(target) == l.blob().size()) {
        continue;
      }
      local(d);
      copyAtomically(store.path(d), target);
      sent.put(d, l.blob().size());
    }
    writeBlob(dir, top.config());
    Descriptor desc = top.descriptor();
    writeBlob(dir, top.bytes());
    writeAtomically(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ms = index.putArray("manifests");
    Path indexFile = dir.resolve("index.json");
    if (Files.isRegularFile(indexFile)) {
      for (JsonNode m : JSON.readTree(Files.readAllBytes(indexFile)).path("manifests")) {
        if (!spec.tag().equals(m.path("annotations").path(REF_NAME).asText())) {
          ms.add(m);
        }
      }
    }
    ObjectNode entry = ms.addObject()
        .put("mediaType", desc.mediaType())
        .put("digest", desc.digest().toString())
        .put("size", desc.size());
    entry.putObject("annotations").put(REF_NAME, spec.tag());
    writeAtomically(indexFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    vertex.log(1, "wrote " + top.layers().size() + " layers, config and manifest " + desc.digest() + " to " + dir + "\n");
    return desc;
  }

  private static void writeBlob(Path dir, byte[] bytes) throws IOException {
    Path p = BlobLocation.Layout.blobPath(dir, Digest.sha256(bytes));
    if (!Files.isRegularFile(p)) {
      writeAtomically(p, bytes);
    }
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void copyAtomically(Path from, Path target) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
