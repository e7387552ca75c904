package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Blobs and manifests against a real registry without auth, observed through a pass-through proxy. */
class RegistryPlainIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.plain();

  private static FaultProxy proxy;
  private static RegistryClient client;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() throws Exception {
    proxy = new FaultProxy(REGISTRY.port(), FaultProxy.NO_FAULTS);
    client = RegistryClient.create(CredentialStore.anonymous(),
        RegistryConfig.defaults().withChunking(16L << 20, 8L << 20));
  }

  @AfterAll
  static void tearDown() throws Exception {
    client.close();
    proxy.close();
  }

  private static ImageReference repo(String name) {
    return ImageReference.parse(proxy.host() + "/" + name);
  }

  @Test
  void blobPut_5MiB_isOneMonolithicPut_andReadsBackVerified() throws Exception {
    byte[] data = Blobs.random(1, 5 << 20);
    Digest d = Digest.sha256(data);
    ImageReference repo = repo("test/mono");
    Blobs.Recorder up = new Blobs.Recorder();
    long patchesBefore = proxy.requestsMatching("PATCH");

    assertThat(client.blobExists(repo, d)).isFalse();
    assertThat(client.blobPut(repo, d, BlobSource.ofBytes(data), up)).isEqualTo(PushOutcome.UPLOADED);

    assertThat(up.bytes(d)).isEqualTo(data.length);
    assertThat(proxy.requestsMatching("PATCH")).isEqualTo(patchesBefore);
    assertThat(proxy.requests).anyMatch(r -> r.startsWith("PUT /v2/test/mono/blobs/uploads/") && r.contains("digest="));
    assertThat(client.blobExists(repo, d)).isTrue();
    Path file = tmp.resolve("blob");
    client.blobGet(repo, d, file, TransferListener.NONE);
    assertThat(Files.readAllBytes(file)).isEqualTo(data);
    assertThat(client.blobPut(repo, d, BlobSource.ofBytes(data), up)).isEqualTo(PushOutcome.EXISTED);
  }

  @Test
  void blobPut_fileOf12MiB_isOneMonolithicPutFromTheMappedFile_andReadsBackVerified() throws Exception {
    // Larger than one mapping window slice and not a multiple of it, so several slices are sent.
    byte[] data = Blobs.random(5, (12 << 20) + 4321);
    Digest d = Digest.sha256(data);
    ImageReference repo = repo("test/mono-file");
    Path source = Files.write(tmp.resolve("src"), data);
    long patchesBefore = proxy.requestsMatching("PATCH");
    Blobs.Recorder up = new Blobs.Recorder();

    assertThat(client.blobPut(repo, d, BlobSource.ofFile(source), up)).isEqualTo(PushOutcome.UPLOADED);

    assertThat(up.bytes(d)).isEqualTo(data.length);
    assertThat(proxy.requestsMatching("PATCH")).isEqualTo(patchesBefore);
    assertThat(proxy.requests).anyMatch(r -> r.startsWith("PUT /v2/test/mono-file/blobs/uploads/") && r.contains("digest="));
    byte[] back = Blobs.drain(out -> client.blobGet(repo, d, out, TransferListener.NONE));
    assertThat(back).isEqualTo(data);
  }

  @Test
  void blobPut_40MiB_isChunked_andStreamsBackVerified() throws Exception {
    byte[] data = Blobs.random(2, 40 << 20);
    Digest d = Digest.sha256(data);
    ImageReference repo = repo("test/chunked");
    Path source = Files.write(tmp.resolve("src"), data);
    long patchesBefore = proxy.requestsMatching("PATCH /v2/test/chunked/");
    Blobs.Recorder up = new Blobs.Recorder();

    assertThat(client.blobPut(repo, d, BlobSource.ofFile(source), up)).isEqualTo(PushOutcome.UPLOADED);

    assertThat(proxy.requestsMatching("PATCH /v2/test/chunked/") - patchesBefore).isEqualTo(5);
    assertThat(up.bytes(d)).isEqualTo(data.length);
    Blobs.Recorder down = new Blobs.Recorder();
    byte[] back = Blobs.drain(out -> client.blobGet(repo, d, out, down));
    assertThat(Digest.sha256(back)).isEqualTo(d);
    assertThat(down.bytes(d)).isEqualTo(data.length);
  }

  @Test
  void manifests_ociManifestAndIndex_putGetHeadByTagAndDigest() {
    ImageReference repo = repo("test/image");
    byte[] config = Blobs.utf8(Blobs.json("{'architecture':'amd64','os':'linux','rootfs':{'type':'layers','diff_ids':[]}}"));
    byte[] layer = Blobs.random(3, 1000);
    Digest configDigest = Digest.sha256(config);
    Digest layerDigest = Digest.sha256(layer);
    client.blobPut(repo, configDigest, BlobSource.ofBytes(config), TransferListener.NONE);
    client.blobPut(repo, layerDigest, BlobSource.ofBytes(layer), TransferListener.NONE);
    byte[] manifest = Blobs.utf8(Blobs.json("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST + "',"
        + "'config':{'mediaType':'" + MediaTypes.OCI_CONFIG + "','digest':'" + configDigest + "','size':"
        + config.length + "},'layers':[{'mediaType':'" + MediaTypes.OCI_LAYER_GZIP + "','digest':'" + layerDigest
        + "','size':" + layer.length + "}]}"));

    Digest manifestDigest = client.manifestPut(repo.withTag("amd64"), manifest, MediaTypes.OCI_MANIFEST);

    assertThat(manifestDigest).isEqualTo(Digest.sha256(manifest));
    RawManifest byTag = client.manifestGet(repo.withTag("amd64"));
    assertThat(byTag.bytes()).isEqualTo(manifest);
    assertThat(byTag.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(byTag.digest()).isEqualTo(manifestDigest);
    assertThat(client.manifestGet(repo.withDigest(manifestDigest))).isEqualTo(byTag);
    assertThat(RegistryClient.references(byTag)).extracting(Descriptor::digest)
        .containsExactly(configDigest, layerDigest);

    byte[] index = Blobs.utf8(Blobs.json("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_INDEX + "',"
        + "'manifests':[{'mediaType':'" + MediaTypes.OCI_MANIFEST + "','digest':'" + manifestDigest + "','size':"
        + manifest.length + ",'platform':{'architecture':'amd64','os':'linux'}}]}"));
    Digest indexDigest = client.manifestPut(repo.withTag("1"), RawManifest.of(index, MediaTypes.OCI_INDEX));

    Descriptor head = client.manifestHead(repo.withTag("1")).orElseThrow();
    assertThat(head).isEqualTo(Descriptor.of(MediaTypes.OCI_INDEX, indexDigest, index.length));
    assertThat(client.manifestHead(repo.withDigest(manifestDigest)).orElseThrow().mediaType())
        .isEqualTo(MediaTypes.OCI_MANIFEST);
    RawManifest gotIndex = client.manifestGet(repo.withTag("1"));
    assertThat(gotIndex.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(gotIndex.bytes()).isEqualTo(index);
    assertThat(RegistryClient.references(gotIndex)).containsExactly(
        Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length)
            .withPlatform(io.multiarchbuild.engine.oci.Platform.LINUX_AMD64));
    assertThat(client.manifestHead(repo.withTag("missing"))).isEmpty();
  }

  @Test
  void manifestGet_unknownTag_saysWhatAndWhy() {
    ImageReference ref = repo("test/image").withTag("nope");
    assertThatThrownBy(() -> client.manifestGet(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage("pull manifest nope from " + proxy.host() + "/test/image failed: 404 MANIFEST_UNKNOWN "
            + "manifest unknown");
  }

  @Test
  void blobGet_unknownBlob_saysWhatAndWhy_andLeavesNoFile() {
    Digest d = Digest.sha256("never pushed");
    Path target = tmp.resolve("x");
    assertThatThrownBy(() -> client.blobGet(repo("test/mono"), d, target, TransferListener.NONE))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("pull blob " + d + " from " + proxy.host() + "/test/mono failed: 404 BLOB_UNKNOWN");
    assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void blobPut_withMountFrom_mountsWithoutSendingBytes() {
    byte[] data = Blobs.random(4, 3 << 20);
    Digest d = Digest.sha256(data);
    client.blobPut(repo("test/mount-src"), d, BlobSource.ofBytes(data), TransferListener.NONE);
    Blobs.Recorder rec = new Blobs.Recorder();

    PushOutcome outcome = client.blobPut(repo("test/mount-dst"), d, BlobSource.ofBytes(data), "test/mount-src", rec);

    assertThat(outcome).isEqualTo(PushOutcome.MOUNTED);
    assertThat(rec.calls).hasValue(0);
    assertThat(proxy.requests).contains("POST /v2/test/mount-dst/blobs/uploads/?mount=" + d + "&from=test/mount-src");
    assertThat(client.blobExists(repo("test/mount-dst"), d)).isTrue();
  }

  @Test
  void blobPutAll_severalLayers_uploadsConcurrentlyThenFindsThem() {
    ImageReference repo = repo("test/many");
    List<BlobUpload> uploads = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] b = Blobs.random(100 + i, 512 * 1024 + i);
      uploads.add(new BlobUpload(Digest.sha256(b), BlobSource.ofBytes(b), null));
    }
    Map<Digest, PushOutcome> first = client.blobPutAll(repo, uploads, TransferListener.NONE);
    assertThat(first.values()).containsOnly(PushOutcome.UPLOADED).hasSize(5);
    assertThat(client.blobPutAll(repo, uploads, TransferListener.NONE).values()).containsOnly(PushOutcome.EXISTED);
  }

  @Test
  void blobPut_wrongDigest_isRejectedByRegistry() {
    byte[] data = Blobs.random(5, 1000);
    Digest wrong = Digest.sha256("something else");
    assertThatThrownBy(() -> client.blobPut(repo("test/bad"), wrong, BlobSource.ofBytes(data), TransferListener.NONE))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("push blob " + wrong + " to " + proxy.host() + "/test/bad failed: 400 DIGEST_INVALID");
  }

  @Test
  void ping_nothingListening_isConnectionRefusedInOneLine() throws Exception {
    int port = LocalRegistry.freePort();
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous(),
        RegistryConfig.defaults().withRetry(new RetryPolicy(2, java.time.Duration.ofMillis(10),
            java.time.Duration.ofMillis(10), java.time.Duration.ofSeconds(5))))) {
      assertThatThrownBy(() -> c.ping("127.0.0.1:" + port))
          .isInstanceOf(RegistryException.class)
          .hasMessage("ping registry 127.0.0.1:" + port + " failed: cannot connect to 127.0.0.1:" + port
              + " (connection refused; is the registry running?) (after 2 attempts)");
    }
  }
}
