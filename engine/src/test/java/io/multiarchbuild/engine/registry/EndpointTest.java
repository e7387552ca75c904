package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which scheme and host a registry is reached at. */
class EndpointTest {

  private static String base(String registry, RegistryConfig config) {
    return new Endpoint(registry, config, CredentialStore.anonymous()).base.toString();
  }

  @Test
  void base_loopbackHosts_arePlainHttp() {
    RegistryConfig c = RegistryConfig.defaults();
    assertThat(base("127.0.0.1:5000", c)).isEqualTo("http://127.0.0.1:5000/v2/");
    assertThat(base("127.1.2.3", c)).isEqualTo("http://127.1.2.3/v2/");
    assertThat(base("localhost:5000", c)).isEqualTo("http://localhost:5000/v2/");
    assertThat(base("[::1]:5000", c)).isEqualTo("http://[::1]:5000/v2/");
  }

  @Test
  void base_otherHosts_areHttpsUnlessListedInsecure() {
    RegistryConfig c = RegistryConfig.defaults().withInsecureRegistries(Set.of("reg.lan:5000"));
    assertThat(base("ghcr.io", c)).isEqualTo("https://ghcr.io/v2/");
    assertThat(base("10.0.0.1:5000", c)).isEqualTo("https://10.0.0.1:5000/v2/");
    assertThat(base("reg.lan:5000", c)).isEqualTo("http://reg.lan:5000/v2/");
    assertThat(base("reg.lan:5001", c)).isEqualTo("https://reg.lan:5001/v2/");
  }

  @Test
  void base_dockerHub_isRegistry1() {
    assertThat(base("docker.io", RegistryConfig.defaults())).isEqualTo("https://registry-1.docker.io/v2/");
  }

  @Test
  void base_loopbackWithCaFile_isHttps() {
    Path ca = Path.of("src/test/resources/registry/test-ca.pem");
    assertThat(base("127.0.0.1:5443", RegistryConfig.defaults().withCaFiles(Map.of("127.0.0.1:5443", ca))))
        .isEqualTo("https://127.0.0.1:5443/v2/");
  }

  @Test
  void client_plainRegistry_usesNoTlsForItsOwnUrls_andARealTlsClientForHttpsTargets() {
    Endpoint ep = new Endpoint("127.0.0.1:5000", RegistryConfig.defaults(), CredentialStore.anonymous());

    assertThat(ep.client(ep.uri("test/x/blobs/sha256:00"))).isSameAs(ep.http);
    HttpClient tls = ep.client(URI.create("https://auth.example.com/token"));
    assertThat(tls).isNotSameAs(ep.http);
    // the TLS client is usable: its context is initialised (the plain one's is not, on purpose)
    assertThat(tls.sslContext().getDefaultSSLParameters().getProtocols()).isNotEmpty();
    assertThat(ep.client(URI.create("https://storage.example.com/blob"))).isSameAs(tls);
  }

  @Test
  void client_plainRegistry_hasAContextThatRefusesTls() {
    Endpoint ep = new Endpoint("127.0.0.1:5000", RegistryConfig.defaults(), CredentialStore.anonymous());

    assertThat(ep.http.sslContext()).isInstanceOf(PlainHttpContext.class);
    assertThatThrownBy(() -> ep.http.sslContext().createSSLEngine("127.0.0.1", 5000))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("plain-HTTP registry");
  }

  @Test
  void client_httpsRegistry_usesItsOwnClientForEveryUrl() {
    Endpoint ep = new Endpoint("ghcr.io", RegistryConfig.defaults(), CredentialStore.anonymous());

    assertThat(ep.client(URI.create("https://auth.example.com/token"))).isSameAs(ep.http);
    assertThat(ep.http.sslContext().getDefaultSSLParameters().getProtocols()).isNotEmpty();
  }
}
