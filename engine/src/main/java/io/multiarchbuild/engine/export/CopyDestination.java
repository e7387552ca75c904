package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.registry.RawManifest;
import java.io.IOException;
import java.util.List;

/** Where {@link ImageCopier} writes an image to. */
interface CopyDestination extends AutoCloseable {

  /** Copies the blobs the destination lacks; returns how many were transferred. */
  int putBlobs(List<Descriptor> blobs, CopySource source);

  /** Stores a manifest or index by digest (not yet under the tag). */
  void putManifest(RawManifest manifest);

  /** Points the location's tag at {@code top}; for archives, also writes the archive. */
  void tag(RawManifest top);

  @Override
  void close() throws IOException;
}
