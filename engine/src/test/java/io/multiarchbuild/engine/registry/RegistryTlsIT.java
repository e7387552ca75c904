package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real registry over HTTPS with a private certificate, trusted through a per-registry CA file. */
class RegistryTlsIT {

  @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.tls();

  @Test
  void pushAndPull_withCaFile_usesHttpsAndTrustsIt() {
    byte[] data = Blobs.random(60, 100_000);
    Digest d = Digest.sha256(data);
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous(),
        RegistryConfig.defaults().withCaFiles(Map.of(REGISTRY.host(), REGISTRY.caFile())))) {
      c.ping(REGISTRY.host());
      assertThat(c.blobPut(REGISTRY.repo("test/tls"), d, BlobSource.ofBytes(data), TransferListener.NONE))
          .isEqualTo(PushOutcome.UPLOADED);
      assertThat(Blobs.drain(out -> c.blobGet(REGISTRY.repo("test/tls"), d, out, TransferListener.NONE)))
          .isEqualTo(data);
    }
  }

  @Test
  void ping_certificateFromAnotherCa_isOneLineTlsErrorWithoutRetries() {
    java.nio.file.Path otherCa = java.nio.file.Path.of("src/test/resources/registry/test-ca.pem");
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous(),
        RegistryConfig.defaults().withCaFiles(Map.of(REGISTRY.host(), otherCa)))) {
      assertThatThrownBy(() -> c.ping(REGISTRY.host()))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("ping registry " + REGISTRY.host() + " failed: TLS with " + REGISTRY.host()
              + " failed: ")
          .hasMessageEndingWith("(for a private CA, configure its PEM file; for plain HTTP, mark the registry insecure)")
          .hasMessageNotContaining("attempts")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void ping_loopbackWithoutCaFile_triesPlainHttpAndSaysSo() {
    try (RegistryClient c = RegistryClient.create(CredentialStore.anonymous())) {
      assertThatThrownBy(() -> c.ping(REGISTRY.host()))
          .isInstanceOf(RegistryException.class)
          .hasMessage("ping registry " + REGISTRY.host() + " failed: 400 Client sent an HTTP request to an HTTPS server.");
    }
  }
}
