package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.common.SelectorThreads;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLParameters;

/**
 * One registry host: its base URI (scheme chosen once), its HTTP client (with the registry's CA
 * when configured), its credentials (looked up once, since a helper is a process) and the
 * authentication challenge learnt from {@code GET /v2/}.
 */
final class Endpoint {

  final String registry;
  final URI base;
  /** For the registry's own URLs. */
  final HttpClient http;
  private final boolean plain;
  private final RegistryConfig config;
  /** For https URLs a plain-HTTP registry points at; built when first needed. */
  private HttpClient tls;
  private final CredentialStore store;
  private volatile Optional<Credentials> credentials;
  /** Null until pinged; {@link #ANONYMOUS} when {@code /v2/} answered 200. */
  volatile AuthChallenge challenge;
  volatile boolean pinged;

  static final AuthChallenge ANONYMOUS = new AuthChallenge("anonymous", java.util.Map.of());

  Endpoint(String registry, RegistryConfig config, CredentialStore store) {
    this.registry = registry;
    this.store = store;
    String host = registry.equals(ImageReference.DOCKER_HUB) ? ImageReference.DOCKER_HUB_API : registry;
    Path ca = config.caFiles().get(registry);
    boolean plain = config.plainHttp(registry);
    this.base = URI.create((plain ? "http://" : "https://") + host + "/v2/");
    this.plain = plain;
    this.config = config;
    HttpClient.Builder b = builder(config);
    if (ca != null) {
      b.sslContext(TlsContexts.withExtraCa(registry, ca));
    } else if (plain) {
      // A plain-HTTP registry needs no TLS, and building the JVM's default SSLContext (trust store,
      // cipher suites) took ~0.25 s CPU and up to 1 s on a loaded machine, in every CLI run. A context
      // that is never touched for http:// requests, with explicit parameters (else the client asks the
      // context for its defaults); an https:// URL this registry sends us to (token realm, blob
      // redirect) gets a real TLS client.
      b.sslContext(new NoTlsContext()).sslParameters(new SSLParameters());
    }
    this.http = b.build();
  }

  private static HttpClient.Builder builder(RegistryConfig config) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // predictable framing; no h2c upgrade attempts on plain HTTP
        .followRedirects(HttpClient.Redirect.NEVER) // blob redirects are followed by hand, without our auth
        .connectTimeout(config.connectTimeout());
  }

  /** The client for {@code target}: {@link #http}, or for an https URL of a plain registry a TLS one. */
  HttpClient client(URI target) {
    if (!plain || !"https".equalsIgnoreCase(target.getScheme())) {
      return http;
    }
    synchronized (this) {
      if (tls == null) {
        tls = builder(config).build();
      }
      return tls;
    }
  }

  /** Stops this endpoint's HTTP clients' selector threads (see {@link SelectorThreads}); the endpoint is then unusable. */
  void close() {
    SelectorThreads.stop(http);
    synchronized (this) {
      if (tls != null) {
        SelectorThreads.stop(tls);
      }
    }
  }

  Optional<Credentials> credentials() {
    Optional<Credentials> c = credentials;
    if (c == null) {
      c = store.lookup(registry);
      credentials = c;
    }
    return c;
  }

  URI uri(String pathAfterV2) {
    return base.resolve(pathAfterV2);
  }

  /** localhost, 127.0.0.0/8 and ::1, with or without a port: plain HTTP like Docker allows. */
  static boolean isLoopback(String registry) {
    String host = registry;
    if (host.startsWith("[")) {
      host = host.substring(1, host.indexOf(']'));
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false; // a name: never resolve DNS just to pick a scheme
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
