package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The way into the registry package: one client for any number of registries, safe to share between
 * threads. Every failure is a {@link RegistryException} (a {@code UserError}) saying what was
 * attempted on what and why it failed; content whose digest does not match is rejected with a
 * {@link DigestMismatchException}. Close it to stop its watchdog thread.
 */
public final class RegistryClient implements AutoCloseable {

  private final Transport transport;
  private final ManifestEndpoints manifests;
  private final BlobPuller puller;
  private final BlobPusher pusher;

  private RegistryClient(Transport transport) {
    this.transport = transport;
    this.manifests = new ManifestEndpoints(transport);
    this.puller = new BlobPuller(transport);
    this.pusher = new BlobPusher(transport);
  }

  public static RegistryClient create(CredentialStore credentials, RegistryConfig config) {
    DigestWarmup.start();
    return new RegistryClient(new Transport(config, credentials, Clock.systemUTC()));
  }

  public static RegistryClient create(CredentialStore credentials) {
    return create(credentials, RegistryConfig.defaults());
  }

  /** Checks that {@code registry} (e.g. {@code 127.0.0.1:5000}) speaks the v2 API and learns its auth. */
  public void ping(String registry) {
    transport.ping(transport.endpoint(registry));
  }

  /** The descriptor a tag or digest resolves to, without downloading it; empty when it does not exist. */
  public Optional<Descriptor> manifestHead(ImageReference ref) {
    return manifests.head(ref, ManifestEndpoints.ALL_TYPES);
  }

  /** The manifest or index {@code ref} names, any of the OCI and Docker schema 2 types. */
  public RawManifest manifestGet(ImageReference ref) {
    return manifests.get(ref, ManifestEndpoints.ALL_TYPES);
  }

  /** The manifest {@code ref} names, offering only the {@code accept}ed media types. */
  public RawManifest manifestGet(ImageReference ref, List<String> accept) {
    return manifests.get(ref, List.copyOf(accept));
  }

  /** Stores a manifest under {@code ref}'s tag (or digest); returns its digest. */
  public Digest manifestPut(ImageReference ref, byte[] bytes, String mediaType) {
    return manifests.put(ref, bytes.clone(), mediaType);
  }

  public Digest manifestPut(ImageReference ref, RawManifest manifest) {
    return manifests.put(ref, manifest.bytes(), manifest.mediaType());
  }

  /** The config, layers or child manifests a manifest or index points at (a peek, not a model). */
  public static List<Descriptor> references(RawManifest manifest) {
    return ManifestEndpoints.references(manifest);
  }

  /** Whether {@code repo}'s repository has the blob ({@code HEAD}). Tag/digest of {@code repo} are ignored. */
  public boolean blobExists(ImageReference repo, Digest digest) {
    return pusher.exists(repo, digest);
  }

  /**
   * Streams a blob into {@code out}, resuming dropped connections. The digest is verified at the end:
   * on a {@link DigestMismatchException} the bytes already written are wrong and the caller must
   * discard them. Prefer {@link #blobGet(ImageReference, Digest, Path, TransferListener)}, which does.
   */
  public void blobGet(ImageReference repo, Digest digest, OutputStream out, TransferListener listener) {
    puller.pull(repo, digest, out, listener);
  }

  /**
   * Downloads a blob to {@code target} through a temporary file next to it, which is moved into place
   * only when the digest matches and deleted otherwise.
   */
  public void blobGet(ImageReference repo, Digest digest, Path target, TransferListener listener) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      try (OutputStream out = Files.newOutputStream(temp)) {
        puller.pull(repo, digest, out, listener);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new RegistryException("pull blob " + digest + " from", repo.context(), 0, null,
          "cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the failure being reported matters more
        }
      }
    }
  }

  /** Uploads a blob unless the repository has it. */
  public PushOutcome blobPut(ImageReference repo, Digest digest, BlobSource source, TransferListener listener) {
    return pusher.push(repo, digest, source, null, listener);
  }

  /**
   * Uploads a blob unless the repository has it, first trying to mount it from {@code mountFrom}
   * (another repository on the same registry; null for none).
   */
  public PushOutcome blobPut(ImageReference repo, Digest digest, BlobSource source, String mountFrom,
      TransferListener listener) {
    return pusher.push(repo, digest, source, mountFrom, listener);
  }

  /**
   * Uploads several blobs at once, at most {@link RegistryConfig#uploadConcurrency()} in parallel.
   * The first failure cancels the rest and is thrown.
   */
  public Map<Digest, PushOutcome> blobPutAll(ImageReference repo, List<BlobUpload> uploads,
      TransferListener listener) {
    int threads = Math.max(1, Math.min(transport.config.uploadConcurrency(), uploads.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "registry-upload");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PushOutcome>> futures = new ArrayList<>();
      for (BlobUpload u : uploads) {
        futures.add(pool.submit(() -> pusher.push(repo, u.digest(), u.source(), u.mountFrom(), listener)));
      }
      Map<Digest, PushOutcome> out = new LinkedHashMap<>();
      for (int i = 0; i < uploads.size(); i++) {
        out.put(uploads.get(i).digest(), futures.get(i).get());
      }
      return out;
    } catch (ExecutionException e) {
      throw unwrap(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading blobs", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static RuntimeException unwrap(Throwable e) {
    Throwable c = e;
    while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof RuntimeException re) {
      return re;
    }
    return new IllegalStateException(c);
  }

  @Override
  public void close() {
    transport.close();
  }
}
