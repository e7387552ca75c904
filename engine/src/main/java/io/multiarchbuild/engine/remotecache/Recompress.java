package io.multiarchbuild.engine.remotecache;

import io.multiarchbuild.engine.cache.BlobWriter;
import io.multiarchbuild.engine.common.NonClosingOutputStream;
import io.multiarchbuild.engine.cache.ContentStore;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code compression=} of a cache export, as BuildKit does it: a layer whose compression differs
 * from the requested one (or every layer, with {@code force-compression=true}) is exported as a new
 * blob holding the same uncompressed tar (same diff_id) in the requested compression. The new blob
 * goes to the content store, so an export reads it like any other blob, and is made once per source
 * blob per export; both compressors are deterministic, so a later export makes the identical blob.
 */
final class Recompress {

  private final ContentStore store;
  private final Compression target;
  private final int level;
  private final boolean force;
  private final String mediaType;
  private final Map<Digest, Layer> done = new ConcurrentHashMap<>();

  Recompress(ContentStore store, Compression target, int level, boolean force, MediaTypeStyle style) {
    this.store = store;
    this.target = target;
    this.level = level >= 0 ? level
        : target == Compression.ZSTD ? LayerWriter.DEFAULT_ZSTD_LEVEL : LayerWriter.DEFAULT_GZIP_LEVEL;
    this.force = force;
    this.mediaType = style.layerType(target);
  }

  /** The recompression a {@code --cache-to} asks for, or null when it asks for none. */
  static Recompress of(CacheSpec spec, ContentStore store) {
    Compression c = spec.compression();
    if (c == null) {
      return null;
    }
    return new Recompress(store, c, spec.compressionLevel(), spec.forceCompression(),
        spec.ociMediaTypes() ? MediaTypeStyle.OCI : MediaTypeStyle.DOCKER);
  }

  /** How many distinct layers were recompressed so far. */
  int count() {
    return done.size();
  }

  /** Whether {@code layer} must be rewritten (an unknown media type is left alone: we cannot tell). */
  boolean needed(Layer layer) {
    Compression now = Compression.ofLayerMediaType(layer.blob().mediaType());
    return now != null && (force || now != target);
  }

  /**
   * {@code entries} with every layer that needs it replaced by its recompressed version.
   *
   * @param fetch makes a source blob local (fetching it from an imported cache) before it is read
   */
  List<CacheEntry> apply(List<CacheEntry> entries, Fetch fetch) throws IOException {
    List<CacheEntry> out = new ArrayList<>(entries.size());
    for (CacheEntry e : entries) {
      List<Layer> layers = new ArrayList<>(e.layers().size());
      for (Layer l : e.layers()) {
        layers.add(needed(l) ? layer(l, fetch) : l);
      }
      out.add(new CacheEntry(e.key(), e.platform(), e.description(), e.baseConfig(), layers, e.history()));
    }
    return out;
  }

  /** The recompressed layer of {@code source}, made on first use. */
  Layer layer(Layer source, Fetch fetch) throws IOException {
    Layer known = done.get(source.blob().digest());
    if (known != null) {
      return known;
    }
    fetch.local(source.blob().digest());
    Layer made = convert(source);
    done.put(source.blob().digest(), made);
    return made;
  }

  private Layer convert(Layer source) throws IOException {
    try (BlobWriter blob = store.writer()) {
      MessageDigest sha = sha256();
      long tarSize;
      try (InputStream in = Compression.decompressing(store.open(source.blob().digest()));
          OutputStream z = compressor(new NonClosingOutputStream(blob))) {
        tarSize = in.transferTo(new DigestOutputStream(z, sha));
      }
      Digest diffId = Digest.ofSha256(sha.digest());
      // The diff_id is what the image config and the cache records name; a mismatch means the
      // stored blob is not the layer the record claims, and exporting it would poison the cache.
      if (!diffId.equals(source.diffId())) {
        throw new IOException("layer " + source.blob().digest() + " decompresses to " + diffId
            + ", not its diff_id " + source.diffId());
      }
      long size = blob.size();
      Digest d = blob.commit(null);
      return new Layer(Descriptor.of(mediaType, d, size), diffId, tarSize);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  private OutputStream compressor(OutputStream out) throws IOException {
    return target.compressing(out, level, Runtime.getRuntime().availableProcessors());
  }

  /** Makes a blob present in the content store. */
  @FunctionalInterface
  interface Fetch {
    void local(Digest digest) throws IOException;
  }
}
