package io.multiarchbuild.engine.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a layer tar, independent of where its bytes come from (a directory being snapshotted, a
 * COPY source streamed straight from the build context, or a synthetic file).
 *
 * @param path slash-separated path inside the image, relative (a leading {@code /} or {@code ./} is
 *     dropped); never {@code ..}
 * @param type what kind of file
 * @param mode permission bits including setuid/setgid/sticky ({@code 07777}); the type bits are
 *     implied by {@code type}
 * @param uid owner
 * @param gid group
 * @param mtime modification time; written at whole seconds
 * @param size content length for {@link Type#FILE}, else 0
 * @param linkTarget for symlinks the link text; for hardlinks the path (as in {@code path}) of an
 *     earlier entry; else null
 * @param xattrs extended attributes, name → raw value bytes (copied on construction)
 * @param devMajor device major number for char/block devices
 * @param devMinor device minor number for char/block devices
 * @param content opens the content of a {@link Type#FILE}; null for other types
 */
public record LayerEntry(
    String path,
    Type type,
    int mode,
    long uid,
    long gid,
    Instant mtime,
    long size,
    String linkTarget,
    Map<String, byte[]> xattrs,
    int devMajor,
    int devMinor,
    Content content) {

  /** The kinds of entries a layer can hold. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    FIFO
  }

  /** Opens a regular file's bytes; called once, while the entry is written. */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  /** Prefix of an OCI whiteout file: {@code .wh.name} deletes {@code name} of lower layers. */
  public static final String WHITEOUT_PREFIX = ".wh.";

  /** Name of the OCI opaque whiteout: the directory holding it hides all lower-layer content. */
  public static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

  public LayerEntry {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mtime, "mtime");
    path = normalise(path);
    if (path.isEmpty() && type != Type.DIRECTORY) {
      throw new IllegalArgumentException("only a directory may be the layer root");
    }
    if ((type == Type.SYMLINK || type == Type.HARDLINK) && (linkTarget == null || linkTarget.isEmpty())) {
      throw new IllegalArgumentException(type + " " + path + " needs a link target");
    }
    if (type == Type.HARDLINK) {
      linkTarget = normalise(linkTarget);
    }
    if (type == Type.FILE) {
      Objects.requireNonNull(content, "content of " + path);
      if (size < 0) {
        throw new IllegalArgumentException("negative size for " + path);
      }
    } else {
      size = 0;
    }
    Map<String, byte[]> copy = new LinkedHashMap<>();
    if (xattrs != null) {
      xattrs.forEach((k, v) -> copy.put(k, v.clone()));
    }
    xattrs = java.util.Collections.unmodifiableMap(copy);
  }

  /** A regular file whose bytes are {@code data}. */
  public static LayerEntry file(String path, int mode, Instant mtime, byte[] data) {
    byte[] d = data.clone();
    return new LayerEntry(
        path, Type.FILE, mode, 0, 0, mtime, d.length, null, Map.of(), 0, 0, () -> new java.io.ByteArrayInputStream(d));
  }

  /** A regular file streamed from {@code source} (its current size is recorded now). */
  public static LayerEntry file(String path, int mode, Instant mtime, Path source) throws IOException {
    return new LayerEntry(
        path, Type.FILE, mode, 0, 0, mtime, Files.size(source), null, Map.of(), 0, 0, () -> Files.newInputStream(source));
  }

  public static LayerEntry directory(String path, int mode, Instant mtime) {
    return new LayerEntry(path, Type.DIRECTORY, mode, 0, 0, mtime, 0, null, Map.of(), 0, 0, null);
  }

  public static LayerEntry symlink(String path, String target, Instant mtime) {
    return new LayerEntry(path, Type.SYMLINK, 0777, 0, 0, mtime, 0, target, Map.of(), 0, 0, null);
  }

  public static LayerEntry hardlink(String path, String target, Instant mtime) {
    return new LayerEntry(path, Type.HARDLINK, 0644, 0, 0, mtime, 0, target, Map.of(), 0, 0, null);
  }

  /** A whiteout deleting {@code path} of the layers below. */
  public static LayerEntry whiteout(String path, Instant mtime) {
    String p = normalise(path);
    int slash = p.lastIndexOf('/');
    String name = p.substring(0, slash + 1) + WHITEOUT_PREFIX + p.substring(slash + 1);
    return file(name, 0, mtime, new byte[0]);
  }

  /** An opaque whiteout: {@code dir} shows only this layer's content. */
  public static LayerEntry opaqueWhiteout(String dir, Instant mtime) {
    String d = normalise(dir);
    return file(d.isEmpty() ? OPAQUE_WHITEOUT : d + "/" + OPAQUE_WHITEOUT, 0, mtime, new byte[0]);
  }

  /** This entry with other owner ids. */
  public LayerEntry withOwner(long newUid, long newGid) {
    return new LayerEntry(path, type, mode, newUid, newGid, mtime, size, linkTarget, xattrs, devMajor, devMinor, content);
  }

  /** This entry with other extended attributes. */
  public LayerEntry withXattrs(Map<String, byte[]> x) {
    return new LayerEntry(path, type, mode, uid, gid, mtime, size, linkTarget, x, devMajor, devMinor, content);
  }

  /** Drops leading {@code /} and {@code ./}, a trailing {@code /}, and empty or {@code .} components. */
  static String normalise(String p) {
    Objects.requireNonNull(p, "path");
    StringBuilder out = new StringBuilder(p.length());
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("path with '..': " + p);
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }
}
