package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token fetching and caching against a token server in this JVM. */
class TokenCacheTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "{\"token\":\"T\",\"expires_in\":300}";
  private final ManualClock clock = new ManualClock();
  private Transport transport;
  private AuthChallenge challenge;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      requests.add(URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8)
          + (auth == null ? "" : " " + auth));
      byte[] body = (status == 200 ? answer.replace("T", "tok" + requests.size())
          : "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}").getBytes();
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    challenge = new AuthChallenge("bearer", Map.of(
        "realm", "http://127.0.0.1:" + server.getAddress().getPort() + "/token", "service", "test-registry"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    if (transport != null) {
      transport.close();
    }
  }

  private Endpoint endpoint(CredentialStore store) {
    transport = new Transport(RegistryConfig.defaults(), store, clock);
    return transport.endpoint("127.0.0.1:1");
  }

  private final TokenCache.Fetcher fetcher = (ep, request) -> {
    try {
      return ep.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  };

  @Test
  void get_sameScopesInAnyOrder_fetchesOnce() throws IOException {
    Endpoint ep = endpoint(CredentialStore.anonymous());
    TokenCache cache = new TokenCache(clock);
    String a = cache.get(ep, challenge, List.of("repository:a:pull", "repository:b:pull"), fetcher);
    String b = cache.get(ep, challenge, List.of("repository:b:pull", "repository:a:pull"), fetcher);
    assertThat(a).isEqualTo("tok1").isEqualTo(b);
    assertThat(requests).containsExactly("service=test-registry&scope=repository:a:pull&scope=repository:b:pull");
    assertThat(cache.fetchCount()).isEqualTo(1);
  }

  @Test
  void get_otherScope_fetchesAnotherToken() throws IOException {
    Endpoint ep = endpoint(CredentialStore.anonymous());
    TokenCache cache = new TokenCache(clock);
    cache.get(ep, challenge, List.of("repository:a:pull"), fetcher);
    assertThat(cache.get(ep, challenge, List.of("repository:a:pull,push"), fetcher)).isEqualTo("tok2");
    assertThat(cache.fetchCount()).isEqualTo(2);
  }

  @Test
  void get_afterExpiry_fetchesAgain_andInvalidateForcesRefresh() throws IOException {
    Endpoint ep = endpoint(CredentialStore.anonymous());
    TokenCache cache = new TokenCache(clock);
    List<String> scope = List.of("repository:a:pull");
    cache.get(ep, challenge, scope, fetcher);
    clock.now = clock.now.plus(Duration.ofSeconds(200));
    assertThat(cache.get(ep, challenge, scope, fetcher)).as("still valid").isEqualTo("tok1");
    clock.now = clock.now.plus(Duration.ofSeconds(80)); // 280s: inside the renewal margin of a 300s token
    assertThat(cache.get(ep, challenge, scope, fetcher)).isEqualTo("tok2");
    cache.invalidate("127.0.0.1:1", scope);
    assertThat(cache.get(ep, challenge, scope, fetcher)).isEqualTo("tok3");
  }

  @Test
  void get_withPassword_sendsBasicToTokenServer_andReadsAccessToken() throws IOException {
    answer = "{\"access_token\":\"T\"}";
    Endpoint ep = endpoint(CredentialStore.of(Map.of("127.0.0.1:1", Credentials.basic("testuser", "testpassword"))));
    TokenCache cache = new TokenCache(clock);
    assertThat(cache.get(ep, challenge, List.of("repository:a:pull"), fetcher)).isEqualTo("tok1");
    assertThat(requests.get(0)).endsWith(" Basic dGVzdHVzZXI6dGVzdHBhc3N3b3Jk");
    clock.now = clock.now.plus(Duration.ofSeconds(47)); // no expires_in: the spec's 60s, renewed at 48s
    cache.get(ep, challenge, List.of("repository:a:pull"), fetcher);
    assertThat(cache.fetchCount()).isEqualTo(1);
    clock.now = clock.now.plus(Duration.ofSeconds(2));
    cache.get(ep, challenge, List.of("repository:a:pull"), fetcher);
    assertThat(cache.fetchCount()).isEqualTo(2);
  }

  @Test
  void get_refused_reportsTokenServerError() {
    status = 401;
    Endpoint ep = endpoint(CredentialStore.anonymous());
    TokenCache cache = new TokenCache(clock);
    assertThatThrownBy(() -> cache.get(ep, challenge, List.of("repository:a:pull"), fetcher))
        .isInstanceOf(TokenCache.TokenRefused.class)
        .hasMessage("get token for 127.0.0.1:1 (scope repository:a:pull) from " + challenge.param("realm")
            + " failed: 401 UNAUTHORIZED bad credentials");
  }

  @Test
  void get_answerWithoutToken_isRefused() {
    answer = "{\"nothing\":1}";
    Endpoint ep = endpoint(CredentialStore.anonymous());
    assertThatThrownBy(() -> new TokenCache(clock).get(ep, challenge, List.of(), fetcher))
        .hasMessageEndingWith("the answer has no \"token\" or \"access_token\"");
  }
}
