package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.ImageIndex;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.registry.BlobSource;
import io.multiarchbuild.engine.registry.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code oci:DIR[:TAG]} and {@code oci-archive:FILE[:TAG]} as a copy source and destination. An
 * archive is unpacked into a temp dir to be read, and written there and packed when tagged.
 */
final class LayoutLocation implements CopySource, CopyDestination {

  private final Path dir;
  private final String tag;
  private final Path archive;
  private final DirectoryBlobs blobs;
  private final int parallelism;

  private LayoutLocation(Path dir, String tag, Path archive, int parallelism) {
    this.dir = dir;
    this.tag = tag;
    this.archive = archive;
    // An archive's scratch layout is packed into the archive and deleted: no fsync for its blobs.
    this.blobs = new DirectoryBlobs(dir.resolve("blobs"), archive == null);
    this.parallelism = parallelism;
  }

  static LayoutLocation directory(Path dir, String tag, int parallelism) {
    return new LayoutLocation(dir, tag, null, parallelism);
  }

  /** An archive to read: unpacked into {@code scratch}. */
  static LayoutLocation readArchive(Path file, String tag, Path scratch, int parallelism) throws IOException {
    unpack(file, scratch);
    return new LayoutLocation(scratch, tag, null, parallelism);
  }

  /** An archive to write: assembled in {@code scratch}, packed into {@code file} by {@link #tag}. */
  static LayoutLocation writeArchive(Path file, String tag, Path scratch, int parallelism) {
    return new LayoutLocation(scratch, tag, file, parallelism);
  }

  private String where() {
    return (archive != null ? "oci-archive:" + archive : "oci:" + dir) + (tag == null ? "" : ":" + tag);
  }

  private List<Descriptor> entries() {
    Path index = dir.resolve("index.json");
    if (!Files.isRegularFile(index)) {
      return List.of();
    }
    try {
      return ImageJson.readIndex(Files.readAllBytes(index)).manifests();
    } catch (IOException e) {
      throw new ExportError(where() + ": cannot read index.json: " + e.getMessage(), e);
    }
  }

  @Override
  public RawManifest top() {
    List<Descriptor> all = entries();
    if (!Files.isRegularFile(dir.resolve("index.json"))) {
      throw new ExportError(where() + ": not an OCI layout (no index.json)");
    }
    List<Descriptor> matching = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Descriptor d : all) {
      String name = d.annotations().get(OciLayoutWriter.REF_NAME);
      names.add(name == null ? "(unnamed)" : name);
      if (tag == null || tag.equals(name)) {
        matching.add(d);
      }
    }
    if (matching.size() != 1) {
      throw new ExportError(where() + ": " + (matching.isEmpty() ? "no image" : "several images")
          + (tag == null ? "; name one with :TAG" : " named " + tag) + " (index.json has " + String.join(", ", names) + ")");
    }
    return manifest(matching.get(0));
  }

  @Override
  public RawManifest manifest(Descriptor d) {
    try (InputStream in = blobs.open(d.digest())) {
      return new RawManifest(in.readAllBytes(), d.mediaType(), null);
    } catch (IOException e) {
      throw new ExportError(where() + ": cannot read " + d.digest() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void copyBlob(Descriptor blob, OutputStream out) throws IOException {
    try (InputStream in = blobs.open(blob.digest())) {
      in.transferTo(out);
    }
  }

  @Override
  public BlobSource blobSource(Descriptor blob) {
    return RegistryPush.source(blobs, blob.digest());
  }

  @Override
  public int putBlobs(List<Descriptor> list, CopySource source) {
    return ParallelBlobs.fetch(list, blobs, parallelism, source::copyBlob, source.verifiesBlobs());
  }

  @Override
  public void putManifest(RawManifest manifest) {
    try {
      blobs.addManifest(manifest.digest(), out -> out.write(manifest.bytes()));
    } catch (IOException e) {
      throw new ExportError(where() + ": cannot write " + manifest.digest() + ": " + e.getMessage(), e);
    }
  }

  /** Adds (or replaces) the index.json entry named {@code tag}; packs the archive when writing one. */
  @Override
  public void tag(RawManifest top) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
      List<Descriptor> entries = new ArrayList<>();
      for (Descriptor d : entries()) {
        if (!Objects.equals(d.annotations().get(OciLayoutWriter.REF_NAME), tag)) {
          entries.add(d);
        }
      }
      Descriptor entry = top.descriptor();
      if (tag != null) {
        entry = entry.withAnnotations(Map.of(OciLayoutWriter.REF_NAME, tag));
      }
      entries.add(entry);
      Files.write(dir.resolve("index.json"), ImageJson.write(ImageIndex.of(entries)));
      if (archive != null) {
        pack(dir, archive);
      }
    } catch (IOException e) {
      throw new ExportError(where() + ": cannot write: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {}

  private static void pack(Path dir, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (ArchiveSink sink = ArchiveSink.tar(Files.newOutputStream(abs))) {
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          sink.file(dir.relativize(f).toString().replace('\\', '/'), Files.size(f), in);
        }
      }
    }
  }

  /** Unpacks regular files of a layout tar; anything else, or a path leaving {@code target}, is refused. */
  private static void unpack(Path file, Path target) throws IOException {
    Files.createDirectories(target);
    Path root = target.toAbsolutePath().normalize();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(file))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isDirectory()) {
          continue;
        }
        Path p = root.resolve(e.getName()).normalize();
        if (!p.startsWith(root) || !e.isFile()) {
          throw new ExportError("oci-archive:" + file + ": refusing entry " + e.getName()
              + " (only regular files inside the layout)");
        }
        Files.createDirectories(p.getParent());
        Files.copy(tar, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
