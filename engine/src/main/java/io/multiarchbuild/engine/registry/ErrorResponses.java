package io.multiarchbuild.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Turns registry error responses and connection failures into {@link RegistryException}s. */
final class ErrorResponses {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final Map<Integer, String> PHRASES = Map.ofEntries(
      Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
      Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
      Map.entry(413, "Payload Too Large"), Map.entry(416, "Range Not Satisfiable"),
      Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
      Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

  private ErrorResponses() {}

  /** Reads (and closes) the response body and builds the exception for an unexpected status. */
  static RegistryException fromResponse(String action, String target, HttpResponse<InputStream> response) {
    byte[] body = readBounded(response.body());
    int status = response.statusCode();
    List<String> parts = new ArrayList<>();
    String firstCode = null;
    try {
      JsonNode root = body.length == 0 ? null : JSON.readTree(body);
      if (root != null) {
        for (JsonNode e : root.path("errors")) {
          String code = e.path("code").asText("");
          String message = e.path("message").asText("");
          if (firstCode == null && !code.isEmpty()) {
            firstCode = code;
          }
          parts.add((code + " " + message).trim());
        }
        if (parts.isEmpty() && root.hasNonNull("details")) {
          parts.add(root.path("details").asText()); // token servers answer {"details": "..."}
        }
      }
    } catch (IOException notJson) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      int nl = text.indexOf('\n');
      text = nl < 0 ? text : text.substring(0, nl);
      if (!text.isEmpty()) {
        parts.add(text.length() > 200 ? text.substring(0, 200) + "…" : text);
      }
    }
    if (parts.isEmpty() && (status == 401 || status == 403)) {
      // HEAD answers carry no body; say what a GET would have said.
      firstCode = status == 401 ? "UNAUTHORIZED" : "DENIED";
      parts.add(status == 401 ? "UNAUTHORIZED authentication required"
          : "DENIED requested access to the resource is denied");
    }
    String reason = status + " " + (parts.isEmpty() ? PHRASES.getOrDefault(status, "") : String.join("; ", parts));
    return new RegistryException(action, target, status, firstCode, reason.strip(), null);
  }

  /** An exception for a request that got no (complete) response. */
  static RegistryException fromIo(String action, String target, String host, IOException e, int attempts) {
    String after = attempts > 1 ? " (after " + attempts + " attempts)" : "";
    return new RegistryException(action, target, 0, null, describe(host, e) + after, e);
  }

  /** An untrusted certificate does not get better by asking again. */
  static boolean isPermanent(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  static String describe(String host, IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return "connecting to " + host + " timed out";
    }
    if (e instanceof HttpTimeoutException || e instanceof StallTimeoutException) {
      return e.getMessage() == null ? "timed out" : e.getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof ConnectException || root instanceof ConnectException) {
      return "cannot connect to " + host + " (connection refused; is the registry running?)";
    }
    if (e instanceof SSLException || root instanceof SSLException) {
      return "TLS with " + host + " failed: " + root.getMessage()
          + " (for a private CA, configure its PEM file; for plain HTTP, mark the registry insecure)";
    }
    String msg = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return "connection to " + host + " failed: " + msg;
  }

  static byte[] readBounded(InputStream in) {
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      return in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
