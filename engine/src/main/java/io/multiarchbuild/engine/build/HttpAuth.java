package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.secrets.SecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The Authorization header of an ADD &lt;url&gt;, from build secrets named as BuildKit's HTTP source
 * names them: {@code HTTP_AUTH_HEADER_<host>} holds the whole header value (say {@code Basic ...}),
 * {@code HTTP_AUTH_TOKEN_<host>} a token sent as {@code Bearer <token>}; the host is the URL's,
 * without port. With both, the token wins (BuildKit sets the header, then the token over it). A
 * build without either sends no header. The value goes on the request only: never into a message,
 * the cache key or the download's stored metadata.
 *
 * <p>Redirects are followed here, not by the client: the header goes along only to the same host or
 * one of its subdomains (Go's rule, which BuildKit's client follows), so a redirect to another site
 * never receives the credentials.
 */
final class HttpAuth {

  static final String HEADER_PREFIX = "HTTP_AUTH_HEADER_";
  static final String TOKEN_PREFIX = "HTTP_AUTH_TOKEN_";
  private static final int MAX_REDIRECTS = 10;

  /** The secret an Authorization value came from, and the value. {@link #toString} leaves the value out. */
  record Credential(String secretId, String value) {
    @Override
    public String toString() {
      return "Credential[" + secretId + "]";
    }
  }

  private HttpAuth() {}

  /** The URL's host as BuildKit names the secrets: no port, no IPv6 brackets. */
  static String host(URI url) {
    String h = url.getHost() == null ? "" : url.getHost();
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  static Optional<Credential> forUrl(URI url, SecretStore secrets) {
    String host = host(url);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> token = secrets.get(TOKEN_PREFIX + host);
    if (token.isPresent()) {
      return Optional.of(new Credential(TOKEN_PREFIX + host, "Bearer " + new String(token.get(), StandardCharsets.UTF_8)));
    }
    return secrets.get(HEADER_PREFIX + host).map(v -> new Credential(HEADER_PREFIX + host, new String(v, StandardCharsets.UTF_8)));
  }

  /** Sends {@code req} with the credential, following redirects and dropping the header when one leaves the host. */
  static HttpResponse<InputStream> send(HttpClient client, HttpRequest.Builder req, URI url, Credential auth)
      throws IOException {
    URI current = url;
    boolean withAuth = true;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder b = req.copy().uri(current);
      if (withAuth) {
        try {
          b.setHeader("Authorization", auth.value());
        } catch (IllegalArgumentException e) {
          // The JDK's message would quote the value.
          throw new BuildError("build secret " + auth.secretId() + " is not a valid HTTP header value (a line break or control character?)");
        }
      }
      HttpResponse<InputStream> resp;
      try {
        resp = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
      Optional<String> location = resp.headers().firstValue("Location");
      if (!isRedirect(resp.statusCode()) || location.isEmpty()) {
        return resp;
      }
      resp.body().close();
      if (hop >= MAX_REDIRECTS) {
        throw new IOException("stopped after " + MAX_REDIRECTS + " redirects");
      }
      URI next = current.resolve(location.get());
      withAuth = withAuth && sameSite(url, next);
      current = next;
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Whether {@code to} is the host of {@code from} or a subdomain of it (ports and schemes aside). */
  static boolean sameSite(URI from, URI to) {
    String a = host(from).toLowerCase(Locale.ROOT);
    String b = host(to).toLowerCase(Locale.ROOT);
    return !a.isEmpty() && (b.equals(a) || b.endsWith("." + a));
  }

  /** The one-line reason for a 401/403, saying which secret was sent or which to give. */
  static String refusal(int status, URI url, Optional<Credential> auth) {
    String host = host(url);
    if (auth.isPresent()) {
      return "the server answered HTTP " + status + " to the credentials of build secret " + auth.get().secretId()
          + "; check that secret's value";
    }
    return "the server answered HTTP " + status + " (it wants credentials); give them as build secret "
        + TOKEN_PREFIX + host + " (a bearer token) or " + HEADER_PREFIX + host + " (the whole Authorization header value)";
  }
}
