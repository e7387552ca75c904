package io.multiarchbuild.engine.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code docker load} through the Engine API ({@code POST /images/load}) with docker-java's HTTP
 * transport, for {@code type=docker} without {@code dest} ({@code --load}). The host comes from
 * {@code DOCKER_HOST} as the docker CLI reads it, else the local socket. The engine answers 200 and
 * reports a failed load inside its JSON message stream, so the stream is read for errors.
 */
public final class DockerEngineClient implements ExportContext.DockerEngine {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String host;

  private DockerEngineClient(String host) {
    this.host = host;
  }

  /** The engine at {@code DOCKER_HOST} of {@code env} (the caller's environment), else {@code unix:///var/run/docker.sock}. */
  public static DockerEngineClient fromEnvironment(Map<String, String> env) {
    String h = env.get("DOCKER_HOST");
    return new DockerEngineClient(h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h);
  }

  /** The engine at {@code host} ({@code unix:///path} or {@code tcp://host:port}). */
  public static DockerEngineClient at(String host) {
    return new DockerEngineClient(host);
  }

  @Override
  public void load(Path archive) {
    String what = "load into the Docker Engine at " + host + " failed: ";
    try (DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create(host))
            .connectionTimeout(Duration.ofSeconds(30))
            .responseTimeout(Duration.ofMinutes(30))
            .build();
        InputStream body = Files.newInputStream(archive)) {
      DockerHttpClient.Request request = DockerHttpClient.Request.builder()
          .method(DockerHttpClient.Request.Method.POST)
          .path("/images/load")
          .headers(Map.of("Content-Type", "application/x-tar"))
          .body(body)
          .build();
      try (DockerHttpClient.Response response = http.execute(request)) {
        String error = firstError(response.getBody());
        if (response.getStatusCode() != 200) {
          throw new ExportError(what + "HTTP " + response.getStatusCode() + (error == null ? "" : ": " + error));
        }
        if (error != null) {
          throw new ExportError(what + error);
        }
      }
    } catch (IOException e) {
      throw new ExportError(what + oneLine(e), e);
    } catch (ExportError e) {
      throw e;
    } catch (RuntimeException e) {
      // the transport reports an unreachable engine as an unchecked exception
      throw new ExportError(what + oneLine(e), e);
    }
  }

  /** The first {@code error} / {@code message} of an error response, from the engine's JSON lines. */
  private static String firstError(InputStream body) throws IOException {
    String first = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (first != null || line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = JSON.readTree(line);
          if (n.hasNonNull("error")) {
            first = n.get("error").asText();
          } else if (n.hasNonNull("errorDetail")) {
            first = n.get("errorDetail").path("message").asText();
          } else if (n.hasNonNull("message")) {
            first = n.get("message").asText(); // the API's error body ({"message": …}) on a non-200 status
          }
        } catch (IOException notJson) {
          // plain text error bodies are handled by the caller through the status code
        }
      }
    }
    return first;
  }

  private static String oneLine(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return m.replace('\n', ' ').trim();
  }
}
