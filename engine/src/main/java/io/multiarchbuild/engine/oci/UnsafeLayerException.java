package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;

/**
 * A layer tar that tries to write outside the directory it is extracted into, or is built to exhaust
 * memory (huge headers). Names the entry so the image can be found and reported.
 */
public final class UnsafeLayerException extends UserError {
  private static final long serialVersionUID = 1L;

  public UnsafeLayerException(String entry, String why) {
    super("unsafe layer entry \"" + abbreviate(entry) + "\": " + why);
  }

  private static String abbreviate(String s) {
    String oneLine = s.replace('\n', '?').replace('\r', '?');
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }
}
