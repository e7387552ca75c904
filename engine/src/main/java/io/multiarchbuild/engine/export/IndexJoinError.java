package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.common.UserError;

/**
 * {@link IndexJoin} cannot join the images it was given. The subclasses say why, so callers (the
 * Jenkins step joining per-agent builds) can tell a user mistake from an infrastructure failure.
 */
public class IndexJoinError extends UserError {
  private static final long serialVersionUID = 1L;

  IndexJoinError(String message) {
    super(message);
  }

  /** Two sources (or two entries of a source index) are for the same platform. */
  public static final class DuplicatePlatform extends IndexJoinError {
    private static final long serialVersionUID = 1L;

    DuplicatePlatform(String platform, String first, String second) {
      super("image join: platform " + platform + " comes from both " + first + " and " + second
          + "; give each platform once");
    }
  }

  /** A source reference names no manifest in its registry. */
  public static final class SourceMissing extends IndexJoinError {
    private static final long serialVersionUID = 1L;

    SourceMissing(String source) {
      super("image join: source " + source + " does not exist in its registry; push it first or fix the reference");
    }
  }

  /** The request itself is unusable (no sources, no tags, a source that is not an image). */
  public static final class InvalidRequest extends IndexJoinError {
    private static final long serialVersionUID = 1L;

    InvalidRequest(String detail) {
      super("image join: " + detail);
    }
  }
}
