package io.multiarchbuild.engine.oci;

import io.multiarchbuild.engine.common.UserError;
import java.util.List;

/** An image index has no manifest that runs on the requested platform. */
public final class NoMatchingPlatformException extends UserError {
  private static final long serialVersionUID = 1L;

  private final transient List<String> available;

  public NoMatchingPlatformException(Platform requested, String imageRef, List<String> available) {
    super(
        "no manifest for " + requested + " in " + imageRef + "; available: "
            + (available.isEmpty() ? "(none)" : String.join(", ", available)));
    this.available = List.copyOf(available);
  }

  /** The platforms the index offers, in index order. */
  public List<String> available() {
    return available;
  }
}
