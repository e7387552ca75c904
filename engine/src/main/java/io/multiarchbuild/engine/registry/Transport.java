package io.multiarchbuild.engine.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends registry requests: picks the endpoint, pings it once to learn how it authenticates, adds
 * Basic or Bearer authorization (fetching a token for the request's scopes), answers one 401 by
 * re-authenticating, and retries temporary failures of idempotent requests with backoff.
 */
final class Transport implements AutoCloseable {

  /** Builds a fresh request for each attempt, since a body stream can be sent only once. */
  @FunctionalInterface
  interface RequestFactory {
    HttpRequest.Builder create() throws IOException;
  }

  /**
   * One logical request.
   *
   * @param action what is attempted, for messages ("pull manifest 1 from")
   * @param target what on ("127.0.0.1:5000/test/busybox")
   * @param scopes token scopes, e.g. {@code repository:test/busybox:pull}
   * @param idempotent whether temporary failures may be retried by re-sending
   * @param bodySize bytes sent, to stretch the response timeout for uploads
   */
  record Call(String action, String target, String registry, List<String> scopes, boolean idempotent,
      long bodySize, RequestFactory factory) {
    Call {
      scopes = List.copyOf(scopes);
    }
  }

  /** Slowest upload rate tolerated before an upload counts as stalled. */
  private static final long MIN_UPLOAD_BYTES_PER_SECOND = 64 * 1024;

  final RegistryConfig config;
  private final CredentialStore store;
  private final ConcurrentHashMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  final TokenCache tokens;
  final StallGuard stallGuard;

  Transport(RegistryConfig config, CredentialStore store, Clock clock) {
    this.config = config;
    this.store = store;
    this.tokens = new TokenCache(clock);
    this.stallGuard = new StallGuard(config.readTimeout());
  }

  Endpoint endpoint(String registry) {
    return endpoints.computeIfAbsent(registry, r -> new Endpoint(r, config, store));
  }

  /** {@code GET /v2/} without credentials, remembering the challenge; retried when temporary. */
  void ping(Endpoint ep) {
    Call call = new Call("ping registry", ep.registry, ep.registry, List.of(), true, 0,
        () -> HttpRequest.newBuilder(ep.uri("")).GET());
    HttpResponse<InputStream> r = withRetries(call, () -> raw(ep, call, null));
    int s = r.statusCode();
    if (s == 200) {
      ErrorResponses.readBounded(r.body());
      ep.challenge = Endpoint.ANONYMOUS;
    } else if (s == 401) {
      Optional<AuthChallenge> c = pick(r);
      ErrorResponses.readBounded(r.body());
      if (c.isEmpty()) {
        throw new RegistryException("ping registry", ep.registry, 401, null,
            "401 without a usable WWW-Authenticate challenge (Basic or Bearer)", null);
      }
      ep.challenge = c.get();
    } else {
      throw ErrorResponses.fromResponse("ping registry", ep.registry, r);
    }
    ep.pinged = true;
  }

  /**
   * Sends the call with authentication and retries. Returns the response for any status that is not
   * a retried temporary failure; the caller checks it and owns (must close) its body.
   */
  HttpResponse<InputStream> send(Call call) {
    Endpoint ep = endpoint(call.registry());
    if (!ep.pinged) {
      ping(ep);
    }
    try {
      return withRetries(call, () -> sendAuthenticated(ep, call));
    } catch (TokenCache.TokenRefused e) {
      RegistryException d = e.detail;
      throw new RegistryException(call.action(), call.target(), d.status(), d.errorCode(),
          d.getMessage(), d);
    }
  }

  /** For URLs outside the registry (signed redirect targets): no credentials, same retries. */
  HttpResponse<InputStream> sendWithoutAuth(Call call) {
    Endpoint ep = endpoint(call.registry());
    return withRetries(call, () -> raw(ep, call, null));
  }

  @FunctionalInterface
  private interface Attempt {
    HttpResponse<InputStream> run() throws IOException;
  }

  private HttpResponse<InputStream> withRetries(Call call, Attempt attempt) {
    RetryPolicy policy = config.retry();
    long deadline = System.nanoTime() + policy.maxTotal().toNanos();
    for (int n = 1; ; n++) {
      boolean last = !call.idempotent() || n >= policy.maxAttempts();
      try {
        HttpResponse<InputStream> r = attempt.run();
        int s = r.statusCode();
        if (!last && (s >= 500 || s == 429)) {
          Duration wait = retryAfter(r).orElse(policy.backoff(n));
          if (System.nanoTime() + wait.toNanos() < deadline) {
            ErrorResponses.readBounded(r.body());
            sleep(wait);
            continue;
          }
        }
        return r;
      } catch (IOException e) {
        Duration wait = policy.backoff(n);
        if (last || ErrorResponses.isPermanent(e) || System.nanoTime() + wait.toNanos() >= deadline) {
          throw ErrorResponses.fromIo(call.action(), call.target(), hostOf(call), e, n);
        }
        sleep(wait);
      }
    }
  }

  private HttpResponse<InputStream> sendAuthenticated(Endpoint ep, Call call) throws IOException {
    String auth = authorization(ep, ep.challenge, call.scopes());
    HttpResponse<InputStream> r = raw(ep, call, auth);
    if (r.statusCode() != 401) {
      return r;
    }
    // 401: the token expired or lacks a scope, or the registry wants auth it did not ask for at ping.
    Optional<AuthChallenge> fresh = pick(r);
    if (fresh.isEmpty()) {
      return r;
    }
    AuthChallenge c = fresh.get();
    if (c.scheme().equals("basic") && (auth != null || ep.credentials().isEmpty())) {
      return r; // our Basic credentials were refused, or we have none: nothing new to try
    }
    List<String> scopes = call.scopes();
    if (c.scheme().equals("bearer")) {
      tokens.invalidate(ep.registry, scopes);
      String wanted = c.param("scope");
      if (wanted != null && !wanted.isEmpty()) {
        LinkedHashSet<String> union = new LinkedHashSet<>(scopes);
        union.addAll(List.of(wanted.split(" ")));
        scopes = new ArrayList<>(union);
      }
    }
    ep.challenge = c;
    String again = authorization(ep, c, scopes);
    if (again == null) {
      return r;
    }
    ErrorResponses.readBounded(r.body());
    return raw(ep, call, again);
  }

  private String authorization(Endpoint ep, AuthChallenge c, List<String> scopes) throws IOException {
    if (c == null || c == Endpoint.ANONYMOUS) {
      return null;
    }
    if (c.scheme().equals("basic")) {
      Optional<Credentials> creds = ep.credentials();
      return creds.isPresent() && creds.get().hasPassword() ? TokenCache.basic(creds.get()) : null;
    }
    return "Bearer " + tokens.get(ep, c, scopes, this::sendToken);
  }

  /** Token requests are idempotent GETs (or refresh POSTs): retried like one. */
  private HttpResponse<InputStream> sendToken(Endpoint ep, HttpRequest.Builder request) {
    HttpRequest built = request.header("User-Agent", config.userAgent()).timeout(config.readTimeout()).build();
    Call call = new Call("get token for", ep.registry + " from " + built.uri().getHost(), ep.registry,
        List.of(), true, 0, () -> null);
    return withRetries(call, () -> {
      try {
        return ep.client(built.uri()).send(built, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
    });
  }

  private HttpResponse<InputStream> raw(Endpoint ep, Call call, String authorization) throws IOException {
    HttpRequest.Builder b = call.factory().create();
    Duration timeout = config.readTimeout().plusSeconds(call.bodySize() / MIN_UPLOAD_BYTES_PER_SECOND);
    b.header("User-Agent", config.userAgent()).timeout(timeout);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpRequest request = b.build();
      return ep.client(request.uri()).send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while talking to " + ep.registry);
    }
  }

  /** Bearer is preferred over Basic when a registry offers both. */
  private static Optional<AuthChallenge> pick(HttpResponse<?> r) {
    List<AuthChallenge> all = new ArrayList<>();
    for (String h : r.headers().allValues("WWW-Authenticate")) {
      all.addAll(AuthChallenge.parse(h));
    }
    return all.stream().filter(c -> c.scheme().equals("bearer")).findFirst()
        .or(() -> all.stream().filter(c -> c.scheme().equals("basic")).findFirst());
  }

  static Optional<Duration> retryAfter(HttpResponse<?> r) {
    Optional<String> v = r.headers().firstValue("Retry-After");
    if (v.isPresent() && v.get().trim().matches("[0-9]{1,6}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v.get().trim())));
    }
    return Optional.empty(); // HTTP-date form: fall back to our own backoff
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }

  private String hostOf(Call call) {
    return endpoint(call.registry()).base.getAuthority();
  }

  @Override
  public void close() {
    stallGuard.close();
    endpoints.values().forEach(Endpoint::close);
  }
}
