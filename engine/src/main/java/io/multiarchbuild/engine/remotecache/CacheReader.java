package io.multiarchbuild.engine.remotecache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of one {@code --cache-from}: the cache manifest (or index) and its config blob —
 * never a layer. A registry ref may also name an ordinary image built with {@code --cache-to
 * type=inline}; then the records come from each platform's image config.
 */
final class CacheReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final VertexHandle vertex;

  CacheReader(VertexHandle vertex) {
    this.vertex = vertex;
  }

  /** The records at a registry ref; empty when the ref holds neither a cache nor an inline cache. */
  List<CacheEntry> fromRegistry(RegistryClient client, ImageReference ref) throws IOException {
    RawManifest top = client.manifestGet(ref);
    vertex.status(top.digest().toString(), top.bytes().length, top.bytes().length);
    JsonNode root = JSON.readTree(top.bytes());
    String where = ref.toString();
    if (MediaTypes.isIndex(top.mediaType())) {
      JsonNode config = cacheConfigEntry(root.path("manifests"));
      if (config != null) {
        return CacheConfigJson.read(registryBlob(client, ref, Digest.parse(config.get("digest").asText())), where);
      }
      // An ordinary image index: look for inline records in each platform's config.
      List<CacheEntry> out = new ArrayList<>();
      for (JsonNode m : root.path("manifests")) {
        if (!MediaTypes.isManifest(m.path("mediaType").asText())) {
          continue;
        }
        RawManifest child = client.manifestGet(ref.withDigest(Digest.parse(m.get("digest").asText())));
        vertex.status(child.digest().toString(), child.bytes().length, child.bytes().length);
        out.addAll(fromImageManifest(client, ref, JSON.readTree(child.bytes()), where));
      }
      return out;
    }
    return fromImageManifest(client, ref, root, where);
  }

  private List<CacheEntry> fromImageManifest(RegistryClient client, ImageReference ref, JsonNode manifest, String where)
      throws IOException {
    JsonNode config = manifest.path("config");
    Digest digest = Digest.parse(config.get("digest").asText());
    byte[] bytes = registryBlob(client, ref, digest);
    if (CacheConfigJson.MEDIA_TYPE.equals(config.path("mediaType").asText())) {
      return CacheConfigJson.read(bytes, where);
    }
    JsonNode inline = JSON.readTree(bytes).get(RemoteCache.INLINE_KEY);
    return inline == null ? List.of() : CacheConfigJson.fromTree(inline, where + " (inline cache)");
  }

  private byte[] registryBlob(RegistryClient client, ImageReference ref, Digest digest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client.blobGet(ref, digest, out, (d, done, total) -> vertex.status(d.toString(), done, total));
    vertex.statusDone(digest.toString());
    return out.toByteArray();
  }

  /** The records in an OCI layout directory under {@code tag} (or the manifest {@code digest} when given). */
  List<CacheEntry> fromLayout(Path dir, String tag, String digest) throws IOException {
    String where = dir + ":" + (digest != null ? digest : tag);
    JsonNode index;
    try {
      index = JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
    } catch (NoSuchFileException e) {
      throw new RemoteCacheError("--cache-from " + dir + ": no index.json; is it a cache exported with type=local?");
    }
    JsonNode found = null;
    for (JsonNode m : index.path("manifests")) {
      boolean match = digest != null
          ? m.path("digest").asText().equals(digest)
          : tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText());
      if (match) {
        found = m;
      }
    }
    if (found == null) {
      return null;
    }
    Digest d = Digest.parse(found.get("digest").asText());
    byte[] top = layoutBlob(dir, d);
    JsonNode root = JSON.readTree(top);
    JsonNode config = MediaTypes.isIndex(found.path("mediaType").asText())
        ? cacheConfigEntry(root.path("manifests"))
        : root.path("config");
    if (config == null || !CacheConfigJson.MEDIA_TYPE.equals(config.path("mediaType").asText())) {
      throw new RemoteCacheError(where + ": not a cache (no " + CacheConfigJson.MEDIA_TYPE + " config)");
    }
    return CacheConfigJson.read(layoutBlob(dir, Digest.parse(config.get("digest").asText())), where);
  }

  private byte[] layoutBlob(Path dir, Digest d) throws IOException {
    byte[] bytes = Files.readAllBytes(BlobLocation.Layout.blobPath(dir, d));
    if (!Digest.sha256(bytes).equals(d)) {
      throw new RemoteCacheError(dir + ": blob " + d + " does not match its digest");
    }
    vertex.status(d.toString(), bytes.length, bytes.length);
    return bytes;
  }

  private static JsonNode cacheConfigEntry(JsonNode manifests) {
    for (JsonNode m : manifests) {
      if (CacheConfigJson.MEDIA_TYPE.equals(m.path("mediaType").asText())) {
        return m;
      }
    }
    return null;
  }
}
