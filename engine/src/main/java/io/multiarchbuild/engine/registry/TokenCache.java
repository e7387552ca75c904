package io.multiarchbuild.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bearer tokens (distribution's token auth), cached per registry and scope set until shortly before
 * they expire. Fetches for the same key are serialised so parallel layer uploads ask once.
 */
final class TokenCache {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The spec's default lifetime when the server does not say. */
  private static final long DEFAULT_EXPIRES_IN = 60;

  record Token(String value, Instant expiresAt) {}

  /** A token server refused or failed; carries what the caller's error message needs. */
  static final class TokenRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RegistryException detail;

    TokenRefused(RegistryException detail) {
      super(detail.getMessage(), detail);
      this.detail = detail;
    }
  }

  /** Sends a token request; lets the transport apply its retries and timeouts. */
  interface Fetcher {
    HttpResponse<InputStream> send(Endpoint ep, HttpRequest.Builder request) throws IOException;
  }

  private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
  private final Clock clock;
  private final AtomicInteger fetches = new AtomicInteger();

  TokenCache(Clock clock) {
    this.clock = clock;
  }

  static String key(String registry, List<String> scopes) {
    return registry + "|" + String.join(" ", new TreeSet<>(scopes));
  }

  int fetchCount() {
    return fetches.get();
  }

  void invalidate(String registry, List<String> scopes) {
    tokens.remove(key(registry, scopes));
  }

  /** A valid token for the scopes, fetched when missing or near expiry. */
  String get(Endpoint ep, AuthChallenge challenge, List<String> scopes, Fetcher fetcher) throws IOException {
    String key = key(ep.registry, scopes);
    Token t = tokens.get(key);
    if (t != null && clock.instant().isBefore(t.expiresAt())) {
      return t.value();
    }
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      t = tokens.get(key);
      if (t != null && clock.instant().isBefore(t.expiresAt())) {
        return t.value();
      }
      t = fetch(ep, challenge, scopes, fetcher);
      tokens.put(key, t);
      return t.value();
    }
  }

  private Token fetch(Endpoint ep, AuthChallenge challenge, List<String> scopes, Fetcher fetcher)
      throws IOException {
    String realm = challenge.param("realm");
    if (realm == null || realm.isEmpty()) {
      throw new TokenRefused(new RegistryException("authenticate to", ep.registry, 0, null,
          "the registry asked for a Bearer token but named no realm", null));
    }
    String service = challenge.param("service");
    Optional<Credentials> creds = ep.credentials();
    HttpRequest.Builder request;
    if (creds.isPresent() && creds.get().identityToken() != null) {
      // OAuth2 refresh-token grant: what docker uses when login stored an identity token.
      StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=multiarch-build")
          .append("&refresh_token=").append(enc(creds.get().identityToken()));
      if (service != null) {
        form.append("&service=").append(enc(service));
      }
      if (!scopes.isEmpty()) {
        form.append("&scope=").append(enc(String.join(" ", scopes)));
      }
      request = HttpRequest.newBuilder(URI.create(realm))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    } else {
      List<String> query = new ArrayList<>();
      if (service != null) {
        query.add("service=" + enc(service));
      }
      for (String s : scopes) {
        query.add("scope=" + enc(s));
      }
      String sep = realm.contains("?") ? "&" : "?";
      request = HttpRequest.newBuilder(URI.create(query.isEmpty() ? realm : realm + sep + String.join("&", query)))
          .GET();
      if (creds.isPresent() && creds.get().hasPassword()) {
        request.header("Authorization", basic(creds.get()));
      }
    }
    fetches.incrementAndGet();
    HttpResponse<InputStream> r = fetcher.send(ep, request);
    String what = "token for " + ep.registry + " (scope " + String.join(" ", scopes) + ") from";
    if (r.statusCode() != 200) {
      throw new TokenRefused(ErrorResponses.fromResponse("get " + what, realm, r));
    }
    JsonNode body;
    try (InputStream in = r.body()) {
      body = JSON.readTree(in);
    }
    String value = body.path("token").asText("");
    if (value.isEmpty()) {
      value = body.path("access_token").asText("");
    }
    if (value.isEmpty()) {
      throw new TokenRefused(new RegistryException("get " + what, realm, 200, null,
          "the answer has no \"token\" or \"access_token\"", null));
    }
    long expiresIn = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN);
    if (expiresIn <= 0) {
      expiresIn = DEFAULT_EXPIRES_IN;
    }
    // Renew a little early so a token does not expire between our check and the registry's.
    long margin = Math.min(30, expiresIn / 5);
    return new Token(value, clock.instant().plus(Duration.ofSeconds(expiresIn - margin)));
  }

  static String basic(Credentials c) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
