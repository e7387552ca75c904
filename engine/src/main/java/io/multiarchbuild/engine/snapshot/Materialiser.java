package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Writes layer entries (whiteouts as the plain {@code .wh.} files they are) into an empty directory. */
final class Materialiser {
  private Materialiser() {}

  static void write(List<LayerEntry> entries, Path dir) throws IOException {
    List<LayerEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(LayerEntry::path));
    List<LayerEntry> dirs = new ArrayList<>();
    for (LayerEntry e : sorted) {
      if (e.path().isEmpty()) {
        continue;
      }
      Path p = dir.resolve(e.path());
      Files.createDirectories(p.getParent());
      switch (e.type()) {
        case DIRECTORY -> {
          Files.createDirectories(p);
          dirs.add(e);
          continue;
        }
        case FILE -> {
          try (InputStream in = e.content().open()) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        case SYMLINK -> Files.createSymbolicLink(p, Path.of(e.linkTarget()));
        case HARDLINK -> {
          Files.createLink(p, dir.resolve(e.linkTarget()));
          continue; // shares the target's inode and metadata
        }
        case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
          special(e, p);
          continue;
        }
      }
      metadata(e, p);
    }
    for (int i = dirs.size() - 1; i >= 0; i--) {
      metadata(dirs.get(i), dir.resolve(dirs.get(i).path())); // children first: writing them changes a dir's mtime
    }
  }

  private static void metadata(LayerEntry e, Path p) throws IOException {
    Files.setAttribute(p, "unix:uid", (int) e.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", (int) e.gid(), LinkOption.NOFOLLOW_LINKS);
    if (e.type() != LayerEntry.Type.SYMLINK) {
      Files.setAttribute(p, "unix:mode", e.mode() & 07777, LinkOption.NOFOLLOW_LINKS);
      UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
        if (x.getKey().startsWith("user.")) {
          v.write(x.getKey().substring("user.".length()), ByteBuffer.wrap(x.getValue()));
        }
      }
    }
    FileTime t = FileTime.from(e.mtime());
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, null, null);
  }

  /** Device nodes and FIFOs without opening them (Java's attribute setters would). */
  private static void special(LayerEntry e, Path p) throws IOException {
    String mode = Integer.toOctalString(e.mode() & 07777);
    String make =
        e.type() == LayerEntry.Type.FIFO
            ? "mkfifo -m " + mode + " \"$1\""
            : "mknod -m " + mode + " \"$1\" " + (e.type() == LayerEntry.Type.CHAR_DEVICE ? "c " : "b ") + e.devMajor() + " " + e.devMinor();
    String script = make + " && chown -h " + e.uid() + ":" + e.gid() + " \"$1\" && touch -h -d @" + e.mtime().getEpochSecond() + " \"$1\"";
    Commands.Result r = Commands.run(null, List.of("sh", "-c", script, "sh", p.toString()));
    if (!r.ok()) {
      throw new SnapshotError("cannot create " + e.path() + " in " + p.getParent() + ": " + Commands.firstLine(r.output()));
    }
  }
}
