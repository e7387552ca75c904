package io.multiarchbuild.engine.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A distribution token server in the test JVM. It signs RS256 JWTs whose {@code x5c} header carries
 * a self-signed certificate that the registry trusts as its {@code rootcertbundle} (made with the
 * {@code openssl} CLI). {@code testuser}/{@code testpassword} get every action asked for; anonymous
 * callers get {@code pull} only; a wrong password gets 401.
 */
final class TokenIssuer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Path certificate;
  private final PrivateKey key;
  private final String certDer;
  private final String service;
  private final String issuerName;
  /** Every request's decoded query, in order: what the client asked for. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** How many of the next tokens grant nothing, as a revoked or under-scoped token would. */
  final java.util.concurrent.atomic.AtomicInteger emptyTokens = new java.util.concurrent.atomic.AtomicInteger();

  private TokenIssuer(HttpServer server, Path certificate, PrivateKey key, String certDer, String service,
      String issuerName) {
    this.server = server;
    this.certificate = certificate;
    this.key = key;
    this.certDer = certDer;
    this.service = service;
    this.issuerName = issuerName;
  }

  static TokenIssuer start(Path dir, String service, String issuerName) throws Exception {
    Path keyFile = dir.resolve("issuer-key.pem");
    Path certFile = dir.resolve("issuer-cert.pem");
    LocalRegistry.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        keyFile.toString(), "-out", certFile.toString(), "-days", "2", "-subj", "/CN=" + issuerName));
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile)));
    X509Certificate cert;
    try (var in = Files.newInputStream(certFile)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String der = Base64.getEncoder().encodeToString(cert.getEncoded());
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TokenIssuer issuer = new TokenIssuer(server, certFile, key, der, service, issuerName);
    server.createContext("/token", issuer::handle);
    server.start();
    return issuer;
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  Path certificate() {
    return certificate;
  }

  int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      requests.add(URLDecoder.decode(query, StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String subject = "";
      if (auth != null) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
            (LocalRegistry.USER + ":" + LocalRegistry.PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!auth.equals(expected)) {
          send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid username or password\"}]}");
          return;
        }
        subject = LocalRegistry.USER;
      }
      ArrayNode access = JSON.createArrayNode();
      boolean empty = emptyTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      for (String param : empty ? new String[0] : query.split("&")) {
        if (!param.startsWith("scope=")) {
          continue;
        }
        String scope = URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8);
        String[] parts = scope.split(":");
        if (parts.length != 3) {
          continue;
        }
        ObjectNode entry = access.addObject().put("type", parts[0]).put("name", parts[1]);
        ArrayNode actions = entry.putArray("actions");
        for (String action : parts[2].split(",")) {
          if (!subject.isEmpty() || action.equals("pull")) {
            actions.add(action);
          }
        }
      }
      send(ex, 200, JSON.createObjectNode().put("token", sign(subject, access)).put("expires_in", 300).toString());
    } catch (Exception e) {
      send(ex, 500, "{\"details\":\"" + e + "\"}");
    }
  }

  private String sign(String subject, ArrayNode access) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
    header.putArray("x5c").add(certDer);
    ObjectNode claims = JSON.createObjectNode()
        .put("iss", issuerName).put("sub", subject).put("aud", service)
        .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
    claims.set("access", access);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
        + b64.encodeToString(JSON.writeValueAsBytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64.encodeToString(rsa.sign());
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static byte[] pem(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      if (!l.startsWith("-----")) {
        lines.add(l.trim());
      }
    }
    return Base64.getDecoder().decode(String.join("", lines));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
