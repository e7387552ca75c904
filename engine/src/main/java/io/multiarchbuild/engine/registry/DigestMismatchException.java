package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;

/** Content from a registry did not hash to the digest it was asked for: it was not accepted. */
public final class DigestMismatchException extends RegistryException {
  private static final long serialVersionUID = 1L;

  DigestMismatchException(String action, String target, Digest expected, Digest actual) {
    super(action, target, 0, null, "digest mismatch: expected " + expected + ", got " + actual, null);
  }
}
