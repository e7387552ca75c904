package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.registry.FaultProxy.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes and pulls through {@link FaultProxy}: resets, 503/429 bursts, truncated bodies and stalls
 * must be survived with correct digests; corrupted bytes must be refused.
 */
class RegistryFaultIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  @TempDir Path tmp;

  private static final RetryPolicy PATIENT =
      new RetryPolicy(8, Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMinutes(3));

  private static RegistryClient client(RegistryConfig config) {
    return RegistryClient.create(CredentialStore.anonymous(), config.withRetry(PATIENT));
  }

  @Test
  void pushAndPull_20MiB_throughSeededFaults_completeWithCorrectDigest() throws Exception {
    byte[] data = Blobs.random(42, 20 << 20);
    Digest d = Digest.sha256(data);
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), FaultProxy.seeded(7, 0.5));
        RegistryClient c = client(RegistryConfig.defaults().withChunking(8L << 20, 4L << 20))) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/faulty");
      Path src = Files.write(tmp.resolve("src"), data);

      assertThat(c.blobPut(repo, d, BlobSource.ofFile(src), TransferListener.NONE))
          .isIn(PushOutcome.UPLOADED, PushOutcome.EXISTED); // EXISTED: a lost PUT answer, then HEAD found it
      Path back = tmp.resolve("back");
      Blobs.Recorder rec = new Blobs.Recorder();
      c.blobGet(repo, d, back, rec);
      c.blobGet(repo, d, tmp.resolve("back2"), TransferListener.NONE);
      for (int i = 0; i < 4; i++) {
        assertThat(Blobs.drain(out -> c.blobGet(repo, d, out, TransferListener.NONE))).isEqualTo(data);
      }

      assertThat(Digest.sha256(Files.readAllBytes(back))).isEqualTo(d);
      assertThat(Files.readAllBytes(tmp.resolve("back2"))).isEqualTo(data);
      assertThat(rec.bytes(d)).isEqualTo(data.length);
      // The pattern really exercised every kind of fault.
      assertThat(proxy.count(Fault.RESET_BEFORE)).as("resets" + " in " + proxy.injected).isPositive();
      assertThat(proxy.count(Fault.RESET_MID_REQUEST)).as("resets during an upload" + " in " + proxy.injected).isPositive();
      assertThat(proxy.count(Fault.STATUS_503)).as("503s" + " in " + proxy.injected).isPositive();
      assertThat(proxy.count(Fault.STATUS_429)).as("429s" + " in " + proxy.injected).isPositive();
      assertThat(proxy.count(Fault.STALL)).as("stalls" + " in " + proxy.injected).isPositive();
      assertThat(proxy.count(Fault.TRUNCATE_RESPONSE)).as("truncated bodies" + " in " + proxy.injected).isPositive();
      assertThat(proxy.requests).anyMatch(r -> r.startsWith("GET /v2/test/faulty/blobs/"));
    }
  }

  /** Faults the {@code n}th PATCH (1-based) with {@code fault}, and nothing else. */
  private static FaultProxy.Plan onPatch(int n, Fault fault) {
    java.util.concurrent.atomic.AtomicInteger patches = new java.util.concurrent.atomic.AtomicInteger();
    return (method, path, len) -> method.equals("PATCH") && patches.incrementAndGet() == n ? fault : Fault.NONE;
  }

  @Test
  void blobPut_chunkRefusedBeforeReachingRegistry_resumesSameSession() throws Exception {
    byte[] data = Blobs.random(46, 10 << 20);
    Digest d = Digest.sha256(data);
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), onPatch(3, Fault.STATUS_503));
        RegistryClient c = client(RegistryConfig.defaults().withChunking(1L << 20, 2L << 20))) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/resume");
      assertThat(c.blobPut(repo, d, BlobSource.ofBytes(data), TransferListener.NONE)).isEqualTo(PushOutcome.UPLOADED);
      assertThat(proxy.requestsMatching("POST /v2/test/resume/blobs/uploads/")).isEqualTo(1);
      assertThat(proxy.requestsMatching("GET /v2/test/resume/blobs/uploads/")).as("status query").isEqualTo(1);
      assertThat(proxy.requestsMatching("PATCH /v2/test/resume/")).isEqualTo(6); // 5 chunks + the refused one
      assertThat(Blobs.drain(out -> c.blobGet(repo, d, out, TransferListener.NONE))).isEqualTo(data);
    }
  }

  @Test
  void blobPut_connectionResetMidChunk_restartsWithNewSession() throws Exception {
    byte[] data = Blobs.random(47, 10 << 20);
    Digest d = Digest.sha256(data);
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), onPatch(2, Fault.RESET_MID_REQUEST));
        RegistryClient c = client(RegistryConfig.defaults().withChunking(1L << 20, 2L << 20))) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/restart");
      assertThat(c.blobPut(repo, d, BlobSource.ofBytes(data), TransferListener.NONE)).isEqualTo(PushOutcome.UPLOADED);
      assertThat(Blobs.drain(out -> c.blobGet(repo, d, out, TransferListener.NONE))).isEqualTo(data);
      // The registry kept part of the cut chunk, so the old session cannot continue.
      assertThat(proxy.requestsMatching("POST /v2/test/restart/blobs/uploads/")).isEqualTo(2);
    }
  }

  @Test
  void blobGet_truncatedBodies_resumeWithRange() throws Exception {
    byte[] data = Blobs.random(43, 6 << 20);
    Digest d = Digest.sha256(data);
    pushDirect(data);
    AtomicBoolean cutOnce = new AtomicBoolean();
    FaultProxy.Plan cutFirstGet = (method, path, len) ->
        method.equals("GET") && path.contains("/blobs/") && cutOnce.compareAndSet(false, true)
            ? Fault.TRUNCATE_RESPONSE : Fault.NONE;
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), cutFirstGet);
        RegistryClient c = client(RegistryConfig.defaults())) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/fixed");
      byte[] back = Blobs.drain(out -> c.blobGet(repo, d, out, TransferListener.NONE));
      assertThat(back).isEqualTo(data);
      assertThat(proxy.requestsMatching("GET /v2/test/fixed/blobs/")).isEqualTo(2);
      assertThat(proxy.count(Fault.TRUNCATE_RESPONSE)).isEqualTo(1);
    }
  }

  @Test
  void blobGet_bodyStallsLongerThanReadTimeout_isAbandonedAndResumed() throws Exception {
    byte[] data = Blobs.random(44, 3 << 20);
    Digest d = Digest.sha256(data);
    pushDirect(data);
    AtomicBoolean stallOnce = new AtomicBoolean();
    FaultProxy.Plan stallFirstGet = (method, path, len) ->
        method.equals("GET") && path.contains("/blobs/") && stallOnce.compareAndSet(false, true)
            ? Fault.LONG_STALL : Fault.NONE;
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), stallFirstGet, 20_000);
        RegistryClient c = client(RegistryConfig.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/fixed");
      byte[] back = Blobs.drain(out -> c.blobGet(repo, d, out, TransferListener.NONE));
      assertThat(back).isEqualTo(data);
      assertThat(proxy.requestsMatching("GET /v2/test/fixed/blobs/")).isEqualTo(2);
    }
  }

  @Test
  void blobGet_stallInsideOneHashUnit_resumesAfterTheBytesAlreadyReceived() throws Exception {
    // Smaller than the puller's 1 MiB hash unit: the stall hits a partly filled buffer, whose bytes
    // must still be kept (written and hashed), so the resume asks only for the rest.
    byte[] data = Blobs.random(46, 600 << 10);
    Digest d = Digest.sha256(data);
    pushDirect(data);
    AtomicBoolean stallOnce = new AtomicBoolean();
    FaultProxy.Plan stallFirstGet = (method, path, len) ->
        method.equals("GET") && path.contains("/blobs/") && stallOnce.compareAndSet(false, true)
            ? Fault.LONG_STALL : Fault.NONE;
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), stallFirstGet, 20_000);
        RegistryClient c = client(RegistryConfig.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/fixed");
      Blobs.Recorder rec = new Blobs.Recorder();
      byte[] back = Blobs.drain(out -> c.blobGet(repo, d, out, rec));
      assertThat(back).isEqualTo(data);
      assertThat(rec.bytes(d)).isEqualTo(data.length);
      assertThat(proxy.requestsMatching("GET /v2/test/fixed/blobs/")).isEqualTo(2);
      assertThat(proxy.responses).last().asString().startsWith("HTTP/1.1 206");
    }
  }

  @Test
  void blobGet_corruptedBytes_areRejectedAndNoFileIsLeft() throws Exception {
    byte[] data = Blobs.random(45, 2 << 20);
    Digest d = Digest.sha256(data);
    pushDirect(data);
    FaultProxy.Plan corrupt = (method, path, len) ->
        method.equals("GET") && path.contains("/blobs/") ? Fault.CORRUPT_BODY : Fault.NONE;
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), corrupt);
        RegistryClient c = client(RegistryConfig.defaults())) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/fixed");
      Path target = tmp.resolve("out").resolve("blob");
      assertThatThrownBy(() -> c.blobGet(repo, d, target, TransferListener.NONE))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageStartingWith("pull blob " + d + " from " + proxy.host() + "/test/fixed failed: digest mismatch: "
              + "expected " + d + ", got sha256:");
      assertThat(target).doesNotExist();
      assertThat(target.getParent().toFile().list()).as("no temporary file left").isEmpty();
    }
  }

  @Test
  void blobGet_largeCorruptedBlob_hashedOnTheSecondThread_isRejectedAndNoFileIsLeft() throws Exception {
    byte[] data = Blobs.random(48, 9 << 20); // above PipelinedHasher.THREADED_FROM
    Digest d = Digest.sha256(data);
    pushDirect(data);
    FaultProxy.Plan corrupt = (method, path, len) ->
        method.equals("GET") && path.contains("/blobs/") ? Fault.CORRUPT_BODY : Fault.NONE;
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), corrupt);
        RegistryClient c = client(RegistryConfig.defaults())) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/fixed");
      Path target = tmp.resolve("out").resolve("blob");
      assertThatThrownBy(() -> c.blobGet(repo, d, target, TransferListener.NONE))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("expected " + d + ", got sha256:");
      assertThat(target).doesNotExist();
      assertThat(target.getParent().toFile().list()).as("no temporary file left").isEmpty();
    }
  }

  @Test
  void blobGet_resumedBodyCorrupted_theWholeDigestIsStillVerified() throws Exception {
    // The first body is cut halfway (its bytes are good and kept); the resumed rest has a flipped
    // byte. The resume must not be trusted just because the first part hashed fine.
    byte[] data = Blobs.random(49, 9 << 20);
    Digest d = Digest.sha256(data);
    pushDirect(data);
    java.util.concurrent.atomic.AtomicInteger gets = new java.util.concurrent.atomic.AtomicInteger();
    FaultProxy.Plan cutThenCorrupt = (method, path, len) -> {
      if (!method.equals("GET") || !path.contains("/blobs/")) {
        return Fault.NONE;
      }
      return gets.incrementAndGet() == 1 ? Fault.TRUNCATE_RESPONSE : Fault.CORRUPT_BODY;
    };
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), cutThenCorrupt);
        RegistryClient c = client(RegistryConfig.defaults())) {
      ImageReference repo = ImageReference.parse(proxy.host() + "/test/fixed");
      Path target = tmp.resolve("out").resolve("blob");
      assertThatThrownBy(() -> c.blobGet(repo, d, target, TransferListener.NONE))
          .isInstanceOf(DigestMismatchException.class);
      assertThat(proxy.responses).last().asString().startsWith("HTTP/1.1 206"); // it was a resume
      assertThat(target).doesNotExist();
      assertThat(target.getParent().toFile().list()).as("no temporary file left").isEmpty();
    }
  }

  @Test
  void manifestGet_corruptedManifest_isRejected() throws Exception {
    byte[] manifest = Blobs.utf8(Blobs.json("{'schemaVersion':2,'mediaType':'"
        + io.multiarchbuild.engine.oci.MediaTypes.OCI_INDEX + "','manifests':[]}"));
    Digest m;
    try (RegistryClient direct = client(RegistryConfig.defaults())) {
      m = direct.manifestPut(REGISTRY.repo("test/fixed").withTag("idx"), manifest,
          io.multiarchbuild.engine.oci.MediaTypes.OCI_INDEX);
    }
    FaultProxy.Plan corrupt = (method, path, len) ->
        method.equals("GET") && path.contains("/manifests/") ? Fault.CORRUPT_BODY : Fault.NONE;
    try (FaultProxy proxy = new FaultProxy(REGISTRY.port(), corrupt);
        RegistryClient c = client(RegistryConfig.defaults())) {
      ImageReference byTag = ImageReference.parse(proxy.host() + "/test/fixed:idx");
      assertThatThrownBy(() -> c.manifestGet(byTag)).isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("expected " + m);
      assertThatThrownBy(() -> c.manifestGet(byTag.withDigest(m))).isInstanceOf(DigestMismatchException.class);
    }
  }

  /** Pushes straight to the registry (no proxy), for pull tests. */
  private static void pushDirect(byte[] data) {
    try (RegistryClient direct = client(RegistryConfig.defaults())) {
      direct.blobPut(REGISTRY.repo("test/fixed"), Digest.sha256(data), BlobSource.ofBytes(data),
          TransferListener.NONE);
    }
  }
}
