package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;

/**
 * Byte progress of blob transfers. Called from transfer threads (several at once for concurrent
 * uploads), so implementations must be thread-safe and quick. {@code done} may go down when a
 * transfer restarts from scratch; it reaches {@code total} when the blob is complete. A blob that
 * already existed or was mounted reports no bytes.
 */
@FunctionalInterface
public interface TransferListener {

  void bytes(Digest digest, long done, long total);

  TransferListener NONE = (d, done, total) -> {};
}
