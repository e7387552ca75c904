package io.multiarchbuild.engine.registry;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real distribution registry ({@code /usr/bin/docker-registry}) for one test class, on a free
 * 127.0.0.1 port with its own storage: plain, htpasswd ({@code testuser}/{@code testpassword}), or
 * token auth against an in-process {@link TokenIssuer}. A missing binary fails the test.
 */
final class LocalRegistry implements BeforeAllCallback, AfterAllCallback {

  static final String USER = "testuser";
  static final String PASSWORD = "testpassword";
  private static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");

  enum Auth { NONE, HTPASSWD, TOKEN, TLS }

  private final Auth auth;
  private Path dir;
  private Process process;
  private int port;
  private TokenIssuer issuer;

  private LocalRegistry(Auth auth) {
    this.auth = auth;
  }

  static LocalRegistry plain() {
    return new LocalRegistry(Auth.NONE);
  }

  static LocalRegistry htpasswd() {
    return new LocalRegistry(Auth.HTPASSWD);
  }

  static LocalRegistry token() {
    return new LocalRegistry(Auth.TOKEN);
  }

  /** HTTPS with a self-signed certificate for 127.0.0.1 ({@link #caFile()}), no auth. */
  static LocalRegistry tls() {
    return new LocalRegistry(Auth.TLS);
  }

  Path caFile() {
    return dir.resolve("tls-cert.pem");
  }

  /** {@code 127.0.0.1:<port>}, as a reference's registry. */
  String host() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  TokenIssuer issuer() {
    return issuer;
  }

  ImageReference repo(String repository) {
    return ImageReference.parse(host() + "/" + repository);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run scripts/test-env.sh");
    }
    dir = Files.createTempDirectory("registry-it-");
    port = freePort();
    StringBuilder config = new StringBuilder()
        .append("version: 0.1\n")
        .append("log:\n  level: warn\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
        .append("  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
        .append("  secret: it-secret\n");
    switch (auth) {
      case HTPASSWD -> {
        if (!Files.isExecutable(HTPASSWD)) {
          throw new IllegalStateException(HTPASSWD + " (apache2-utils) is missing: run scripts/test-env.sh");
        }
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, run(List.of(HTPASSWD.toString(), "-Bbn", USER, PASSWORD)));
        config.append("auth:\n  htpasswd:\n    realm: test-realm\n    path: ").append(file).append('\n');
      }
      case TOKEN -> {
        issuer = TokenIssuer.start(dir, "test-registry", "test-issuer");
        config.append("auth:\n  token:\n")
            .append("    realm: ").append(issuer.realm()).append('\n')
            .append("    service: test-registry\n")
            .append("    issuer: test-issuer\n")
            .append("    rootcertbundle: ").append(issuer.certificate()).append('\n');
      }
      case TLS -> {
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
            dir.resolve("tls-key.pem").toString(), "-out", caFile().toString(), "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"));
        config.append("  tls:\n    certificate: ").append(caFile())
            .append("\n    key: ").append(dir.resolve("tls-key.pem")).append('\n');
      }
      case NONE -> { }
    }
    Path configFile = Files.writeString(dir.resolve("config.yml"), config);
    Path log = dir.resolve("registry.log");
    process = new ProcessBuilder(BINARY.toString(), "serve", configFile.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitReady(log);
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
      }
      try {
        // A TLS registry answers plain HTTP with 400, which is just as good a sign of life here.
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
        c.setConnectTimeout(500);
        int status = c.getResponseCode();
        c.disconnect();
        if (status == 200 || status == 401 || (auth == Auth.TLS && status == 400)) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("docker-registry did not answer on " + host() + ": " + Files.readString(log));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (issuer != null) {
      issuer.close();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
