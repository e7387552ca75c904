package io.multiarchbuild.engine.export;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Where an OCI layout or docker-save archive goes: a tar stream or a directory. Tar entries are
 * deterministic (mtime 0, root-owned, 0644 files and 0755 parent directories, each once) so the same
 * image always gives the same archive bytes.
 */
abstract class ArchiveSink implements Closeable {

  /** Writes {@code bytes} as {@code name} (a relative, '/'-separated path). */
  abstract void file(String name, byte[] bytes) throws IOException;

  /** Writes {@code size} bytes of {@code in} as {@code name}. */
  abstract void file(String name, long size, InputStream in) throws IOException;

  /** A file of {@code blobs} as {@code name}. */
  void blob(String name, Blobs blobs, io.multiarchbuild.engine.oci.Digest digest) throws IOException {
    try (InputStream in = blobs.open(digest)) {
      file(name, blobs.size(digest), in);
    }
  }

  /** Whether {@code name} was already written (blobs shared by platforms are written once). */
  abstract boolean has(String name);

  static ArchiveSink tar(OutputStream out) {
    return new Tar(out);
  }

  static ArchiveSink directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new Directory(dir);
  }

  private static final class Tar extends ArchiveSink {
    private final TarArchiveOutputStream tar;
    private final Set<String> written = new HashSet<>();

    Tar(OutputStream out) {
      tar = new TarArchiveOutputStream(new BufferedOutputStream(out, 1 << 16), "UTF-8");
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    @Override
    boolean has(String name) {
      return written.contains(name);
    }

    private void parents(String name) throws IOException {
      int slash = name.indexOf('/');
      while (slash > 0) {
        String dir = name.substring(0, slash + 1);
        if (written.add(dir)) {
          TarArchiveEntry e = new TarArchiveEntry(dir);
          e.setMode(040755);
          e.setModTime(FileTime.fromMillis(0));
          tar.putArchiveEntry(e);
          tar.closeArchiveEntry();
        }
        slash = name.indexOf('/', slash + 1);
      }
    }

    private TarArchiveEntry entry(String name, long size) throws IOException {
      parents(name);
      written.add(name);
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setMode(0100644);
      e.setSize(size);
      e.setModTime(FileTime.fromMillis(0));
      return e;
    }

    @Override
    void file(String name, byte[] bytes) throws IOException {
      tar.putArchiveEntry(entry(name, bytes.length));
      tar.write(bytes);
      tar.closeArchiveEntry();
    }

    @Override
    void file(String name, long size, InputStream in) throws IOException {
      tar.putArchiveEntry(entry(name, size));
      long copied = in.transferTo(tar);
      if (copied != size) {
        throw new IOException(name + ": expected " + size + " bytes, read " + copied);
      }
      tar.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
      tar.finish();
      tar.close();
    }
  }

  private static final class Directory extends ArchiveSink {
    private final Path root;

    Directory(Path root) {
      this.root = root;
    }

    private Path target(String name) throws IOException {
      Path p = root.resolve(name);
      Files.createDirectories(p.getParent());
      return p;
    }

    @Override
    boolean has(String name) {
      return Files.exists(root.resolve(name));
    }

    @Override
    void file(String name, byte[] bytes) throws IOException {
      Files.write(target(name), bytes);
    }

    @Override
    void file(String name, long size, InputStream in) throws IOException {
      Files.copy(in, target(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    void blob(String name, Blobs blobs, io.multiarchbuild.engine.oci.Digest digest) throws IOException {
      Path t = target(name);
      if (Files.exists(t)) {
        return; // content-addressed: an existing blob of that name is that blob
      }
      super.blob(name, blobs, digest);
    }

    @Override
    public void close() {}
  }
}
