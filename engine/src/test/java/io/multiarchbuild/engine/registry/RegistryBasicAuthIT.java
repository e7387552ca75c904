package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real registry with htpasswd (Basic) auth. */
class RegistryBasicAuthIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.htpasswd();

  @TempDir Path tmp;

  private static RegistryClient client(String user, String password) {
    return RegistryClient.create(CredentialStore.of(Map.of(REGISTRY.host(), Credentials.basic(user, password))));
  }

  @Test
  void pushAndPull_rightPassword_works() {
    byte[] data = Blobs.random(10, 200_000);
    Digest d = Digest.sha256(data);
    ImageReference repo = REGISTRY.repo("test/basic");
    try (RegistryClient c = client(LocalRegistry.USER, LocalRegistry.PASSWORD)) {
      assertThat(c.blobPut(repo, d, BlobSource.ofBytes(data), TransferListener.NONE)).isEqualTo(PushOutcome.UPLOADED);
      byte[] manifest = Blobs.utf8(Blobs.json("{'schemaVersion':2,'mediaType':'" + MediaTypes.OCI_MANIFEST
          + "','config':{'mediaType':'" + MediaTypes.OCI_CONFIG + "','digest':'" + d + "','size':" + data.length
          + "},'layers':[]}"));
      Digest m = c.manifestPut(repo.withTag("v1"), manifest, MediaTypes.OCI_MANIFEST);
      assertThat(c.manifestGet(repo.withTag("v1")).digest()).isEqualTo(m);
      assertThat(Blobs.drain(out -> c.blobGet(repo, d, out, TransferListener.NONE))).isEqualTo(data);
    }
  }

  @Test
  void push_wrongPassword_isClear401() {
    byte[] data = Blobs.random(11, 1000);
    Digest d = Digest.sha256(data);
    try (RegistryClient c = client(LocalRegistry.USER, "wrong")) {
      assertThatThrownBy(() -> c.blobPut(REGISTRY.repo("test/x"), d, BlobSource.ofBytes(data), TransferListener.NONE))
          .isInstanceOf(RegistryException.class)
          .hasMessage("push blob " + d + " to " + REGISTRY.host() + "/test/x failed: 401 UNAUTHORIZED "
              + "authentication required")
          .extracting(e -> ((RegistryException) e).status()).isEqualTo(401);
    }
  }

  @Test
  void blobExists_noCredentials_isClear401EvenForHead() {
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous())) {
      Digest d = Digest.sha256("x");
      assertThatThrownBy(() -> c.blobExists(REGISTRY.repo("test/basic"), d))
          .hasMessage("check blob " + d + " in " + REGISTRY.host() + "/test/basic failed: 401 UNAUTHORIZED "
              + "authentication required");
    }
  }

  @Test
  void pull_noCredentials_isClear401() {
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous())) {
      assertThatThrownBy(() -> c.manifestGet(REGISTRY.repo("test/basic").withTag("v1")))
          .isInstanceOf(RegistryException.class)
          .hasMessage("pull manifest v1 from " + REGISTRY.host() + "/test/basic failed: 401 UNAUTHORIZED "
              + "authentication required");
    }
  }

  @Test
  void credentials_fromDockerConfigFile_areUsed() throws Exception {
    String auth = java.util.Base64.getEncoder().encodeToString(
        (LocalRegistry.USER + ":" + LocalRegistry.PASSWORD).getBytes());
    Path config = Files.writeString(tmp.resolve("config.json"),
        "{\"auths\":{\"http://" + REGISTRY.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    try (RegistryClient c = RegistryClient.create(CredentialStore.dockerConfig(config, List.of()))) {
      assertThat(c.blobExists(REGISTRY.repo("test/basic"), Digest.sha256("absent"))).isFalse();
    }
  }
}
