package io.multiarchbuild.engine.snapshot;

/** How a layer directory on disk records deletions of lower-layer content. */
public enum WhiteoutStyle {
  /**
   * overlayfs form, so the directory can be a lower dir as it is: a deleted path is a char device
   * 0/0, an opaque directory carries the xattr {@code user.overlay.opaque=y} (we mount with {@code
   * userxattr}, so overlayfs reads its markers from the {@code user.} namespace, which Java can read
   * and write without native code).
   */
  OVERLAY,
  /**
   * OCI form, for the copy fallback whose file system may hold neither device nodes nor xattrs: a
   * deleted path is an empty file {@code .wh.name}, an opaque directory holds {@code .wh..wh..opq}.
   */
  OCI
}
