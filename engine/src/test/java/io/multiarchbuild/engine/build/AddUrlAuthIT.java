package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADD of a URL that needs credentials: the Authorization header comes from the build secrets
 * HTTP_AUTH_TOKEN_&lt;host&gt; / HTTP_AUTH_HEADER_&lt;host&gt; (BuildKit's names), against a server this
 * test runs that refuses requests without it.
 */
class AddUrlAuthIT {

  static final String TOKEN = "tok-Vn3qR8sLw2";
  static final String BASIC = "Basic dXNlcjpwYXNzLUs5dEgx";
  /** "path authorization-or-none" of every request. */
  static final List<String> SEEN = new CopyOnWriteArrayList<>();
  static HttpServer server;
  static int port;

  @TempDir static Path cacheDir;

  @BeforeAll
  static void start() throws IOException {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", AddUrlAuthIT::serve);
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @BeforeEach
  void clear() {
    SEEN.clear();
  }

  static void serve(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    SEEN.add(path + " " + (auth == null ? "none" : auth));
    int status = 200;
    String body = "";
    if (path.startsWith("/token/")) {
      status = ("Bearer " + TOKEN).equals(auth) ? 200 : 401;
      body = "token-protected\n";
    } else if (path.startsWith("/basic/")) {
      status = BASIC.equals(auth) ? 200 : 403;
      body = "basic-protected\n";
    } else if (path.equals("/to-other-host/f.txt")) {
      status = 302;
      ex.getResponseHeaders().add("Location", "http://localhost:" + port + "/echo/f.txt");
    } else if (path.equals("/to-same-host/f.txt")) {
      status = 302;
      ex.getResponseHeaders().add("Location", "/token/moved.txt");
    } else if (path.startsWith("/echo/")) {
      body = auth == null ? "no credentials\n" : "got credentials\n";
    } else {
      status = 404;
    }
    if (status == 401) {
      ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"test\"");
    }
    byte[] b = status == 200 ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  static SecretStore secrets(Map<String, String> values) {
    SecretStore.Builder b = SecretStore.builder(Map.of());
    values.forEach((k, v) -> b.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return b.build();
  }

  private static void dockerfile(Path ctx, String... adds) throws IOException {
    StringBuilder df = new StringBuilder("FROM " + TestEnvironment.BASE_IMAGE + "\n");
    for (String a : adds) {
      df.append("ADD ").append(a).append('\n');
    }
    Files.writeString(ctx.resolve("Dockerfile"), df.toString());
  }

  @Test
  void addUrl_tokenAndHeaderSecretsForTheHost_sentAsAuthorization(@TempDir Path ctx, @TempDir Path out) throws Exception {
    dockerfile(ctx, url("/token/a.txt") + " /a.txt");
    try (SecretStore s = secrets(Map.of("HTTP_AUTH_TOKEN_127.0.0.1", TOKEN))) {
      run(request(ctx, cacheDir, Platform.LINUX_AMD64).secrets(s).output(OutputSpec.parse("type=local,dest=" + out.resolve("t"))).build());
    }
    dockerfile(ctx, url("/basic/b.txt") + " /b.txt");
    try (SecretStore s = secrets(Map.of("HTTP_AUTH_HEADER_127.0.0.1", BASIC, "HTTP_AUTH_TOKEN_other.example", TOKEN))) {
      run(request(ctx, cacheDir, Platform.LINUX_AMD64).secrets(s).output(OutputSpec.parse("type=local,dest=" + out.resolve("b"))).build());
    }

    assertThat(out.resolve("t/a.txt")).hasContent("token-protected");
    assertThat(out.resolve("b/b.txt")).hasContent("basic-protected");
    assertThat(SEEN).contains("/token/a.txt Bearer " + TOKEN, "/basic/b.txt " + BASIC);
  }

  @Test
  void addUrl_noSecret_oneLineErrorNamingUrlStatusAndTheSecretsToGive(@TempDir Path ctx) throws Exception {
    dockerfile(ctx, url("/token/c.txt") + " /c.txt");

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .isInstanceOf(BuildError.class)
        .hasMessageContaining("ADD " + url("/token/c.txt") + ": the server answered HTTP 401")
        .hasMessageContaining("HTTP_AUTH_TOKEN_127.0.0.1")
        .hasMessageContaining("HTTP_AUTH_HEADER_127.0.0.1")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void addUrl_wrongSecret_errorNamesTheSecretButNotItsValue(@TempDir Path ctx) throws Exception {
    dockerfile(ctx, url("/basic/d.txt") + " /d.txt");

    try (SecretStore s = secrets(Map.of("HTTP_AUTH_HEADER_127.0.0.1", "Basic d3Jvbmc6d3Jvbmctdmw5"))) {
      assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).secrets(s).build()))
          .isInstanceOf(BuildError.class)
          .hasMessageContaining("ADD " + url("/basic/d.txt") + ": the server answered HTTP 403 to the credentials of build secret HTTP_AUTH_HEADER_127.0.0.1")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("d3Jvbmc6d3Jvbmctdmw5"));
    }
  }

  @Test
  void addUrl_redirects_credentialsFollowOnTheSameHostOnly(@TempDir Path ctx, @TempDir Path out) throws Exception {
    dockerfile(ctx, url("/to-same-host/f.txt") + " /same.txt", url("/to-other-host/f.txt") + " /other.txt");

    try (SecretStore s = secrets(Map.of("HTTP_AUTH_TOKEN_127.0.0.1", TOKEN))) {
      run(request(ctx, cacheDir, Platform.LINUX_AMD64).secrets(s).output(OutputSpec.parse("type=local,dest=" + out)).build());
    }

    assertThat(out.resolve("same.txt")).hasContent("token-protected");
    assertThat(out.resolve("other.txt")).hasContent("no credentials");
    assertThat(SEEN).contains("/token/moved.txt Bearer " + TOKEN, "/echo/f.txt none");
  }
}
