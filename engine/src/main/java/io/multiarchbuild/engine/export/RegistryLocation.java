package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.registry.BlobSource;
import io.multiarchbuild.engine.registry.BlobUpload;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RawManifest;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code docker://REF} as a copy source and destination. */
final class RegistryLocation implements CopySource, CopyDestination {

  private final RegistryClient client;
  private final ImageReference ref;
  private final TransferListener listener;
  private final Path tempDir;

  RegistryLocation(RegistryClient client, ImageReference ref, TransferListener listener, Path tempDir) {
    this.client = client;
    this.ref = ref;
    this.listener = listener;
    this.tempDir = tempDir;
  }

  @Override
  public RawManifest top() {
    return client.manifestGet(ref);
  }

  @Override
  public RawManifest manifest(Descriptor descriptor) {
    return client.manifestGet(ref.withDigest(descriptor.digest()));
  }

  @Override
  public void copyBlob(Descriptor blob, OutputStream out) {
    client.blobGet(ref, blob.digest(), out, listener);
  }

  /**
   * Downloaded on first read into a temp file (verified), which later reads (retries, chunks) reuse;
   * when the destination mounts or already has the blob, nothing is downloaded at all.
   */
  @Override
  public BlobSource blobSource(Descriptor blob) {
    return new BlobSource() {
      private Path file;

      @Override
      public long size() {
        return blob.size();
      }

      @Override
      public synchronized InputStream openAt(long offset) throws IOException {
        if (file == null) {
          Path f = tempDir.resolve(blob.digest().algorithm() + "-" + blob.digest().hex());
          client.blobGet(ref, blob.digest(), f, TransferListener.NONE);
          file = f;
        }
        return BlobSource.ofFile(file).openAt(offset);
      }
    };
  }

  @Override
  public Optional<ImageReference> repository() {
    return Optional.of(ref);
  }

  @Override
  public int putBlobs(List<Descriptor> blobs, CopySource source) {
    String mountFrom = source.repository()
        .filter(r -> r.registry().equals(ref.registry()) && !r.repository().equals(ref.repository()))
        .map(ImageReference::repository)
        .orElse(null);
    Map<Digest, BlobUpload> uploads = new LinkedHashMap<>();
    for (Descriptor d : blobs) {
      uploads.putIfAbsent(d.digest(), new BlobUpload(d.digest(), source.blobSource(d), mountFrom));
    }
    var outcomes = client.blobPutAll(ref, new ArrayList<>(uploads.values()), listener);
    return (int) outcomes.values().stream().filter(o -> o == io.multiarchbuild.engine.registry.PushOutcome.UPLOADED).count();
  }

  @Override
  public void putManifest(RawManifest manifest) {
    client.manifestPut(ref.withDigest(manifest.digest()), manifest);
  }

  @Override
  public void tag(RawManifest top) {
    if (ref.tag() != null) {
      client.manifestPut(ImageReference.of(ref.registry(), ref.repository(), ref.tag(), null), top);
    }
  }

  @Override
  public void close() {
    // downloaded temp files live in the copier's temp dir, which the copier deletes
  }
}
