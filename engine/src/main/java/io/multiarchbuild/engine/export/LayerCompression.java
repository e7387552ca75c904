package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives an image result the layer compression an output asks for ({@code compression=},
 * {@code compression-level=}, {@code force-compression=}), as BuildKit does at export: a layer the
 * build made (or took from the cache, which may hold it in another compression) is rewritten when its
 * compression differs from the requested one (gzip when none is asked); a layer of a base image keeps
 * its compression unless {@code force-compression=true}. A rewritten layer holds the same tar (its
 * diff_id is checked), so image configs stay as they are. Because the conversion happens per output,
 * outputs of one build may ask for different compressions. Conversions are done once per instance.
 */
public final class LayerCompression {

  private final Blobs blobs;
  private final Path tempDir;
  private final Map<String, Layer> done = new ConcurrentHashMap<>();

  /** @param tempDir where a converted blob is written before it is added to {@code blobs} */
  public LayerCompression(Blobs blobs, Path tempDir) {
    this.blobs = blobs;
    this.tempDir = tempDir;
  }

  /** The compression {@code spec} wants for layers the build made; null for outputs without layers. */
  public static Compression target(OutputSpec spec) {
    return switch (spec.type()) {
      case IMAGE, REGISTRY, OCI, DOCKER -> spec.compression() == null ? Compression.GZIP : spec.compression();
      case LOCAL, TAR -> null;
    };
  }

  /**
   * {@code result} with its layers in the compression {@code spec} asks for.
   *
   * @param existing diff_ids of base-image layers, which keep their compression without force-compression
   */
  public ImageResult apply(ImageResult result, OutputSpec spec, Set<Digest> existing) throws IOException {
    Compression target = target(spec);
    if (target == null) {
      return result;
    }
    List<PlatformImage> images = new ArrayList<>();
    boolean changed = false;
    for (PlatformImage image : result.images()) {
      List<Layer> layers = new ArrayList<>(image.layers().size());
      for (Layer l : image.layers()) {
        Compression now = Compression.ofLayerMediaType(l.blob().mediaType());
        // An unknown media type (foreign layer) is left alone: we cannot tell what it holds.
        boolean keep = now == null || now == target || (!spec.forceCompression() && existing.contains(l.diffId()));
        Layer out = keep ? l : converted(l, target, spec.compressionLevel());
        changed |= out != l;
        layers.add(out);
      }
      images.add(new PlatformImage(image.platform(), image.config(), layers));
    }
    return changed ? new ImageResult(images, result.multiPlatform()) : result;
  }

  private Layer converted(Layer source, Compression target, int level) throws IOException {
    String key = source.blob().digest() + " " + target + " " + level;
    Layer known = done.get(key);
    if (known != null) {
      return known;
    }
    Layer made = convert(source, target, level);
    done.put(key, made);
    return made;
  }

  private Layer convert(Layer source, Compression target, int level) throws IOException {
    Files.createDirectories(tempDir);
    Path tmp = Files.createTempFile(tempDir, "layer", ".tmp");
    try {
      MessageDigest tarSha = sha256();
      MessageDigest blobSha = sha256();
      long tarSize;
      try (InputStream in = Compression.decompressing(blobs.open(source.blob().digest()));
          OutputStream file = Files.newOutputStream(tmp);
          OutputStream z = target.compressing(new DigestOutputStream(file, blobSha), level,
              Runtime.getRuntime().availableProcessors())) {
        tarSize = in.transferTo(new DigestOutputStream(z, tarSha));
      }
      Digest diffId = Digest.ofSha256(tarSha.digest());
      // The config names the layer by diff_id: a blob that decompresses to something else is not this
      // layer (a damaged store), and exporting it would make an image whose config lies.
      if (!diffId.equals(source.diffId())) {
        throw new IOException("layer " + source.blob().digest() + " decompresses to " + diffId
            + ", not its diff_id " + source.diffId());
      }
      Digest digest = Digest.ofSha256(blobSha.digest());
      blobs.add(digest, out -> Files.copy(tmp, out));
      return new Layer(Descriptor.of(MediaTypeStyle.OCI.layerType(target), digest, Files.size(tmp)), diffId, tarSize);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }
}
