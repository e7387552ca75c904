package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.registry.BlobSource;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** Where {@link ImageCopier} reads an image from. */
interface CopySource extends AutoCloseable {

  /** The manifest or index the location names. */
  RawManifest top();

  /** A manifest of this image by digest (an index entry). */
  RawManifest manifest(Descriptor descriptor);

  /** Streams a blob into {@code out}. */
  void copyBlob(Descriptor blob, OutputStream out) throws IOException;

  /** A blob as an upload source (re-readable, for retries). */
  BlobSource blobSource(Descriptor blob);

  /** The registry repository this source is, for cross-repository mounts; empty for layouts. */
  default Optional<ImageReference> repository() {
    return Optional.empty();
  }

  @Override
  void close() throws IOException;
}
