package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;

/** Writes a layer's whiteouts into its extracted directory in the store's {@link WhiteoutStyle}. */
final class Whiteouts {

  /** mknod has no Java API; one shell per batch, not per whiteout. */
  private static final int BATCH = 500;

  private Whiteouts() {}

  /** @param names whiteout entry names as in the tar ({@code a/b/.wh.c}, {@code a/.wh..wh..opq}) */
  static void write(Path layerDir, List<String> names, WhiteoutStyle style) throws IOException {
    List<String> devices = new ArrayList<>();
    for (String name : names) {
      List<String> parts = clean(name);
      if (parts.isEmpty()) {
        continue;
      }
      Path parent = parentInside(layerDir, parts.subList(0, parts.size() - 1));
      if (parent == null) {
        continue; // under a symlink or file of this very layer: it hides nothing below
      }
      String base = parts.get(parts.size() - 1);
      if (style == WhiteoutStyle.OCI) {
        Path marker = parent.resolve(base);
        if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
          Files.createFile(marker);
        }
      } else if (base.equals(LayerEntry.OPAQUE_WHITEOUT)) {
        markOpaque(parent);
      } else {
        Path victim = parent.resolve(base.substring(LayerEntry.WHITEOUT_PREFIX.length()));
        if (!Files.exists(victim, LinkOption.NOFOLLOW_LINKS)) {
          devices.add(victim.toString());
        }
      }
    }
    for (int i = 0; i < devices.size(); i += BATCH) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c", "for p; do mknod -m 000 \"$p\" c 0 0 || exit 1; done", "sh"));
      argv.addAll(devices.subList(i, Math.min(devices.size(), i + BATCH)));
      Commands.Result r = Commands.run(null, argv);
      if (!r.ok()) {
        throw new SnapshotError("cannot create overlay whiteouts in " + layerDir + ": " + Commands.firstLine(r.output()));
      }
    }
  }

  /** Marks {@code dir} opaque for overlayfs mounted with {@code userxattr}. */
  static void markOpaque(Path dir) throws IOException {
    UserDefinedFileAttributeView v = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    v.write(DiffWalker.OPAQUE_XATTR.substring("user.".length()), ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
  }

  private static List<String> clean(String name) {
    List<String> parts = new ArrayList<>();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        return List.of(); // LayerExtractor has already rejected such a layer; never act on it
      }
      parts.add(c);
    }
    return parts;
  }

  /** The parent directory, created as needed, without following any symlink; null if one is in the way. */
  private static Path parentInside(Path root, List<String> dirParts) throws IOException {
    Path p = root;
    for (String c : dirParts) {
      p = p.resolve(c);
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        Files.createDirectory(p);
        continue;
      }
      if (!a.isDirectory()) {
        return null;
      }
    }
    return p;
  }
}
