package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.common.NonClosingOutputStream;
import io.multiarchbuild.engine.oci.Layer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The way into the export package: writes an {@link ImageResult} to one {@link OutputSpec} and
 * returns what buildx would put in {@code --metadata-file}.
 *
 * <p>Layers are exported in the compression they have: the builder applies {@code compression=},
 * {@code compression-level=} and {@code force-compression=} first ({@link LayerCompression}).
 *
 * <p>Single-platform results become a plain manifest, multi-platform ones an index (buildx does the
 * same when it adds no attestations; we add none). No annotations or labels are added.
 */
public final class Exporters {

  private Exporters() {}

  public static ExportResult export(ImageResult result, Blobs blobs, OutputSpec spec, ExportContext context) {
    checkBlobs(result, blobs);
    try {
      return switch (spec.type()) {
        case IMAGE, REGISTRY -> image(result, blobs, spec, context);
        case OCI -> archive(result, blobs, spec, context, false);
        case DOCKER -> archive(result, blobs, spec, context, true);
        case LOCAL -> {
          FilesystemExport.toDirectory(result, blobs, Path.of(spec.dest()), spec.platformSplit());
          yield new ExportResult(spec.type(), null, Map.of());
        }
        case TAR -> {
          try (OutputStream out = open(spec.dest(), context)) {
            FilesystemExport.toTar(result, blobs, out, spec.platformSplit(), context.tempDir());
          }
          yield new ExportResult(spec.type(), null, Map.of());
        }
      };
    } catch (IOException e) {
      throw new ExportError("--output type=" + spec.type().text() + (spec.dest() == null ? "" : ",dest=" + spec.dest())
          + ": " + e.getMessage(), e);
    }
  }

  private static ExportResult image(ImageResult result, Blobs blobs, OutputSpec spec, ExportContext context) {
    AssembledImage image = AssembledImage.of(result, spec.mediaTypes());
    if (spec.shouldPush()) {
      if (context.registry() == null) {
        throw new IllegalStateException("a pushing export needs a registry client");
      }
      new RegistryPush(context.registry(), context.listener()).push(image, blobs, spec.names(), spec.pushByDigest());
    }
    return new ExportResult(spec.type(), image.top().descriptor(), image.metadata(spec.names()));
  }

  private static ExportResult archive(ImageResult result, Blobs blobs, OutputSpec spec, ExportContext context,
      boolean docker) throws IOException {
    if (docker && result.images().size() > 1) {
      List<String> platforms = new ArrayList<>();
      for (PlatformImage i : result.images()) {
        platforms.add(i.platform().toString());
      }
      throw new ExportError("docker exporter does not currently support exporting manifest lists (platforms "
          + String.join(", ", platforms) + "); build one platform, or use type=oci or type=registry");
    }
    // The docker exporter loads/tars one manifest: never wrap it in an index.
    ImageResult effective = docker ? new ImageResult(result.images(), false) : result;
    AssembledImage image = AssembledImage.of(effective, spec.mediaTypes());
    if (docker && spec.dest() == null) {
      if (context.dockerEngine() == null) {
        throw new IllegalStateException("type=docker without dest needs a Docker Engine client");
      }
      Files.createDirectories(context.tempDir());
      Path archive = Files.createTempFile(context.tempDir(), "docker-load", ".tar");
      try {
        try (ArchiveSink sink = ArchiveSink.tar(Files.newOutputStream(archive))) {
          writeArchive(image, blobs, spec, sink, true);
        }
        context.dockerEngine().load(archive);
      } finally {
        Files.deleteIfExists(archive);
      }
    } else if (!spec.tar()) {
      try (ArchiveSink sink = ArchiveSink.directory(Path.of(spec.dest()))) {
        writeArchive(image, blobs, spec, sink, docker);
      }
    } else {
      try (ArchiveSink sink = ArchiveSink.tar(open(spec.dest(), context))) {
        writeArchive(image, blobs, spec, sink, docker);
      }
    }
    return new ExportResult(spec.type(), image.top().descriptor(), image.metadata(spec.names()));
  }

  private static void writeArchive(AssembledImage image, Blobs blobs, OutputSpec spec, ArchiveSink sink,
      boolean docker) throws IOException {
    OciLayoutWriter.write(image, blobs, spec.names(), sink);
    if (docker) {
      OciLayoutWriter.writeDockerFiles(image, spec.names(), sink);
    }
  }

  private static OutputStream open(String dest, ExportContext context) throws IOException {
    if (dest == null || dest.equals("-")) {
      if (context.stdout() == null) {
        throw new ExportError("--output: dest=- needs standard output, which is not available here");
      }
      return new NonClosingOutputStream(context.stdout()); // stdout stays open for whoever owns it
    }
    Path p = Path.of(dest).toAbsolutePath();
    Files.createDirectories(p.getParent());
    return Files.newOutputStream(p);
  }

  /** Every layer must be in the store before anything is written, so no output is left half-done. */
  private static void checkBlobs(ImageResult result, Blobs blobs) {
    for (PlatformImage i : result.images()) {
      for (Layer l : i.layers()) {
        if (!blobs.contains(l.blob().digest())) {
          throw new IllegalStateException("layer " + l.blob().digest() + " of " + i.platform() + " is not in the blob store");
        }
      }
    }
  }
}
