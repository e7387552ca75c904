package io.multiarchbuild.engine.snapshot;

import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a layer directory (an overlay upper dir after a RUN, or a committed layer) into the entries of
 * its layer tar, with deletions in OCI form: a whiteout char device 0/0 becomes {@code .wh.name}, an
 * opaque directory becomes the directory plus {@code .wh..wh..opq} inside it, and overlayfs's own
 * bookkeeping xattrs ({@code user.overlay.*}, written because we mount with {@code userxattr}) are
 * dropped. Everything else (modes, owners, mtimes, user xattrs, symlinks, hardlinks within the
 * directory) comes from one directory scan ({@link LayerWriter#entriesOf}); no process is spawned.
 */
public final class DiffWalker {

  /** overlayfs's xattr prefix under {@code userxattr}; never part of an image. */
  static final String OVERLAY_XATTR_PREFIX = "user.overlay.";

  /** The opaque-directory marker under {@code userxattr}. */
  static final String OPAQUE_XATTR = OVERLAY_XATTR_PREFIX + "opaque";

  private DiffWalker() {}

  /** The entries of an overlay upper dir (overlay-form whiteouts converted to OCI form). */
  public static List<LayerEntry> entries(Path upperDir) throws IOException {
    return entries(upperDir, WhiteoutStyle.OVERLAY);
  }

  /** The entries of a layer directory whose deletions are recorded in {@code style}. */
  public static List<LayerEntry> entries(Path dir, WhiteoutStyle style) throws IOException {
    List<LayerEntry> raw = LayerWriter.entriesOf(dir);
    if (style == WhiteoutStyle.OCI) {
      return raw; // .wh. files are already what a layer tar holds
    }
    List<LayerEntry> out = new ArrayList<>(raw.size() + 8);
    for (LayerEntry e : raw) {
      if (isOverlayWhiteout(e)) {
        out.add(LayerEntry.whiteout(e.path(), e.mtime()));
        continue;
      }
      Map<String, byte[]> xattrs = e.xattrs();
      boolean opaque = e.type() == LayerEntry.Type.DIRECTORY && isOpaqueValue(xattrs.get(OPAQUE_XATTR));
      if (xattrs.keySet().stream().anyMatch(k -> k.startsWith(OVERLAY_XATTR_PREFIX))) {
        Map<String, byte[]> kept = new LinkedHashMap<>();
        xattrs.forEach((k, v) -> {
          if (!k.startsWith(OVERLAY_XATTR_PREFIX)) {
            kept.put(k, v);
          }
        });
        e = e.withXattrs(kept);
      }
      out.add(e);
      if (opaque) {
        out.add(LayerEntry.opaqueWhiteout(e.path(), e.mtime()));
      }
    }
    return out;
  }

  static boolean isOverlayWhiteout(LayerEntry e) {
    return e.type() == LayerEntry.Type.CHAR_DEVICE && e.devMajor() == 0 && e.devMinor() == 0;
  }

  private static boolean isOpaqueValue(byte[] v) {
    return v != null && Arrays.equals(v, "y".getBytes(StandardCharsets.US_ASCII));
  }
}
