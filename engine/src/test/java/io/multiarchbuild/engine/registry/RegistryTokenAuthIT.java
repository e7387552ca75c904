package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real registry with token auth: it verifies the JWTs our in-process issuer signs. */
class RegistryTokenAuthIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.token();

  private static RegistryClient client(String password) {
    return RegistryClient.create(CredentialStore.of(Map.of(REGISTRY.host(),
        Credentials.basic(LocalRegistry.USER, password))));
  }

  @Test
  void pushAndPull_bearerTokens_areCachedPerScope() {
    TokenIssuer issuer = REGISTRY.issuer();
    ImageReference repo = REGISTRY.repo("test/token");
    List<BlobUpload> uploads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] b = Blobs.random(20 + i, 300_000);
      uploads.add(new BlobUpload(Digest.sha256(b), BlobSource.ofBytes(b), null));
    }
    try (RegistryClient c = client(LocalRegistry.PASSWORD)) {
      int before = issuer.requestCount();
      c.blobPutAll(repo, uploads, TransferListener.NONE);
      Digest config = uploads.get(0).digest();
      byte[] manifest = Blobs.utf8(Blobs.json("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST
          + "','config':{'mediaType':'" + MediaTypes.OCI_CONFIG + "','digest':'" + config + "','size':300000},"
          + "'layers':[]}"));
      Digest m = c.manifestPut(repo.withTag("1"), manifest, MediaTypes.OCI_MANIFEST);
      for (BlobUpload u : uploads) {
        assertThat(Digest.sha256(Blobs.drain(out -> c.blobGet(repo, u.digest(), out, TransferListener.NONE))))
            .isEqualTo(u.digest());
      }
      assertThat(c.manifestGet(repo.withDigest(m)).digest()).isEqualTo(m);
      // One token for pull (HEAD/GET) and one for pull,push (uploads, manifest), however many requests.
      assertThat(issuer.requestCount() - before).isEqualTo(2);
      assertThat(issuer.requests.subList(before, issuer.requestCount()))
          .containsExactlyInAnyOrder("service=test-registry&scope=repository:test/token:pull",
              "service=test-registry&scope=repository:test/token:pull,push");

      // Mount into another repository: a new scope set (push there + pull from the source), once.
      PushOutcome mounted = c.blobPut(REGISTRY.repo("test/token2"), config, uploads.get(0).source(), "test/token",
          TransferListener.NONE);
      assertThat(mounted).isEqualTo(PushOutcome.MOUNTED);
      assertThat(issuer.requests.get(issuer.requestCount() - 1))
          .contains("scope=repository:test/token2:pull,push").contains("scope=repository:test/token:pull");
      assertThat(issuer.requestCount() - before).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void manifestGet_tokenWithoutAccess_isRefreshedOnceAfter401() {
    TokenIssuer issuer = REGISTRY.issuer();
    ImageReference repo = REGISTRY.repo("test/refresh");
    byte[] index = Blobs.utf8(Blobs.json("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_INDEX
        + "','manifests':[]}"));
    try (RegistryClient c = client(LocalRegistry.PASSWORD)) {
      Digest d = c.manifestPut(repo.withTag("1"), index, MediaTypes.OCI_INDEX);
      int before = issuer.requestCount();
      issuer.emptyTokens.set(1); // the next token the client gets is useless

      assertThat(c.manifestGet(repo.withTag("1")).digest()).isEqualTo(d);

      assertThat(issuer.requestCount() - before).as("one useless token, one good one").isEqualTo(2);
    }
  }

  @Test
  void push_wrongPassword_reportsTokenServerRefusal() {
    byte[] data = Blobs.random(30, 100);
    Digest d = Digest.sha256(data);
    try (RegistryClient c = client("wrong")) {
      assertThatThrownBy(() -> c.blobPut(REGISTRY.repo("test/token"), d, BlobSource.ofBytes(data),
          TransferListener.NONE))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("push blob " + d + " to " + REGISTRY.host() + "/test/token failed: get token for "
              + REGISTRY.host() + " (scope repository:test/token:pull,push) from " + REGISTRY.issuer().realm()
              + " failed: 401 UNAUTHORIZED invalid username or password");
    }
  }

  @Test
  void push_anonymousTokenWithoutPushRight_is401FromRegistry() {
    byte[] data = Blobs.random(31, 100);
    Digest d = Digest.sha256(data);
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous())) {
      assertThatThrownBy(() -> c.blobPut(REGISTRY.repo("test/anon"), d, BlobSource.ofBytes(data),
          TransferListener.NONE))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("push blob " + d + " to " + REGISTRY.host() + "/test/anon failed: 401 UNAUTHORIZED");
    }
  }
}
