package io.multiarchbuild.engine.export;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code docker load} through the Engine API (docker-java), for {@code type=docker} without {@code
 * dest} ({@code --load}). The host comes from {@code DOCKER_HOST} as the docker CLI reads it, else the
 * local socket.
 */
public final class DockerEngineClient implements ExportContext.DockerEngine {

  private final String host;

  private DockerEngineClient(String host) {
    this.host = host;
  }

  /** The engine at {@code DOCKER_HOST}, else {@code unix:///var/run/docker.sock}. */
  public static DockerEngineClient fromEnvironment() {
    String h = System.getenv("DOCKER_HOST");
    return new DockerEngineClient(h == null || h.isBlank() ? "unix:///var/run/docker.sock" : h);
  }

  /** The engine at {@code host} ({@code unix:///path} or {@code tcp://host:port}). */
  public static DockerEngineClient at(String host) {
    return new DockerEngineClient(host);
  }

  @Override
  public void load(Path archive) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(host)
        .build();
    DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(URI.create(host))
        .connectionTimeout(Duration.ofSeconds(30))
        .responseTimeout(Duration.ofMinutes(30))
        .build();
    try (DockerClient docker = DockerClientImpl.getInstance(config, http);
        InputStream in = Files.newInputStream(archive)) {
      docker.loadImageCmd(in).exec();
    } catch (IOException e) {
      throw new ExportError("load into the Docker Engine at " + host + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof ExportError) {
        throw e;
      }
      // docker-java reports an unreachable engine and API errors as unchecked exceptions.
      throw new ExportError("load into the Docker Engine at " + host + " failed: " + oneLine(e), e);
    }
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
