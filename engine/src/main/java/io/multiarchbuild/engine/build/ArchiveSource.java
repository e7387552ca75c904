package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerExtractor;
import io.multiarchbuild.engine.oci.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ADD of a local tar archive: extracted (safely, by the layer extractor: no path escapes) into a
 * scratch directory whose entries then go into the layer under the destination.
 */
final class ArchiveSource {

  private ArchiveSource() {}

  /** A tar by content: gzip or zstd magic, or the ustar magic at offset 257 of a plain tar. */
  static boolean isArchive(Path file) throws IOException {
    byte[] head = new byte[512];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (Compression.ofMagic(head, n) != Compression.NONE) {
      return true;
    }
    return n >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
  }

  /** The archive's entries placed under {@code destDir}; the scratch directory is added to {@code cleanup}. */
  static List<LayerEntry> entries(Path archive, String destDir, Path tmp, List<Path> cleanup) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(tmp), "add-");
    cleanup.add(dir);
    new LayerExtractor().extract(archive, dir);
    List<LayerEntry> out = new ArrayList<>();
    for (LayerEntry e : LayerWriter.entriesOf(dir)) {
      String path = CopyOp.join(destDir, e.path());
      String link = e.type() == LayerEntry.Type.HARDLINK ? CopyOp.join(destDir, e.linkTarget()) : e.linkTarget();
      out.add(new LayerEntry(path, e.type(), e.mode(), e.uid(), e.gid(), e.mtime(), e.size(), link, e.xattrs(),
          e.devMajor(), e.devMinor(), e.content()));
    }
    return out;
  }
}
