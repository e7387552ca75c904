package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerExtractor;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code type=local} and {@code type=tar}: the image's final file system (all layers applied in
 * order, whiteouts honoured), per platform in {@code os_arch[_variant]/} when there are several and
 * {@code platform-split} is not false.
 */
final class FilesystemExport {

  private FilesystemExport() {}

  /** The subdirectory buildx uses for a platform: {@code linux_arm64}, {@code linux_arm_v7}. */
  static String platformDir(Platform p) {
    return p.toString().replace('/', '_');
  }

  static void toDirectory(ImageResult result, Blobs blobs, Path dest, boolean platformSplit) throws IOException {
    Files.createDirectories(dest);
    boolean split = platformSplit && result.images().size() > 1;
    LayerExtractor extractor = new LayerExtractor();
    for (PlatformImage image : result.images()) {
      Path dir = split ? dest.resolve(platformDir(image.platform())) : dest;
      Files.createDirectories(dir);
      for (Layer l : image.layers()) {
        try (InputStream in = blobs.open(l.blob().digest())) {
          extractor.extract(in, dir);
        }
      }
    }
  }

  /** The same tree as {@link #toDirectory}, as one uncompressed deterministic tar. */
  static void toTar(ImageResult result, Blobs blobs, OutputStream out, boolean platformSplit, Path tempDir)
      throws IOException {
    Files.createDirectories(tempDir);
    Path tree = Files.createTempDirectory(tempDir, "tar-export");
    try {
      toDirectory(result, blobs, tree, platformSplit);
      LayerWriter writer = new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.NONE, -1));
      writer.write(LayerWriter.entriesOf(tree), out);
    } finally {
      FileTrees.delete(tree);
    }
  }
}
