package io.multiarchbuild.engine.oci;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/** Layer compression, as {@code compression=} of buildx outputs. */
public enum Compression {
  NONE,
  GZIP,
  ZSTD;

  private static final int BUFFER = 1 << 16;

  /** The compression a layer media type implies, or null when it is not a layer type we know. */
  public static Compression ofLayerMediaType(String mediaType) {
    return switch (mediaType) {
      case MediaTypes.OCI_LAYER, MediaTypeStyle.DOCKER_LAYER -> NONE;
      case MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP -> GZIP;
      case MediaTypes.OCI_LAYER_ZSTD, MediaTypeStyle.DOCKER_LAYER_ZSTD -> ZSTD;
      default -> null;
    };
  }

  /**
   * The compression the first {@code length} bytes of {@code head} show: gzip ({@code 1f 8b}), zstd
   * ({@code 28 b5 2f fd}), else NONE (a plain tar, or not compressed by anything we read).
   */
  public static Compression ofMagic(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * {@code raw} decompressed as its first bytes say ({@link #ofMagic}), rather than as a (possibly
   * wrong) media type says; closing the result closes {@code raw}.
   *
   * @throws UnsupportedCompressionException when the data is zstd and zstd's native library is missing
   */
  public static InputStream decompressing(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    return switch (ofMagic(magic, magic.length)) {
      case GZIP -> new GZIPInputStream(in, BUFFER);
      case ZSTD -> {
        try {
          yield new BufferedInputStream(new ZstdInputStream(in), BUFFER);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
          throw new UnsupportedCompressionException(
              "cannot read a zstd layer on this machine (native library: " + e.getMessage() + ")", e);
        }
      }
      case NONE -> in;
    };
  }

  /**
   * A stream that writes {@code out} in this compression (closing it closes {@code out}); the bytes
   * are the same as {@link LayerWriter}'s for the same level, whatever {@code threads} is (>= 1).
   *
   * @param level the level; negative means this compression's default
   * @throws UnsupportedCompressionException when this is zstd and zstd's native library is missing
   */
  public OutputStream compressing(OutputStream out, int level, int threads) throws IOException {
    int n = Math.max(1, threads);
    return switch (this) {
      case NONE -> out;
      case GZIP -> new BlockGzipOutputStream(out, level >= 0 ? level : LayerWriter.DEFAULT_GZIP_LEVEL, n);
      case ZSTD -> {
        try {
          ZstdOutputStream z = new ZstdOutputStream(out, level >= 0 ? level : LayerWriter.DEFAULT_ZSTD_LEVEL);
          z.setWorkers(n); // >= 1 worker: the same bytes on every machine (0 workers differs)
          yield z;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
          throw new UnsupportedCompressionException(
              "zstd compression is not available on this machine (native library: " + e.getMessage()
                  + "); use compression=gzip", e);
        }
      }
    };
  }
}
