package io.multiarchbuild.engine.testenv;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A docker-registry of a test's own, on a free port with its own storage directory, so a test may
 * corrupt or delete blobs and run the garbage collector without touching the shared registries.
 */
public final class ScratchRegistry implements AutoCloseable {

  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;

  private ScratchRegistry(Path dir, int port) throws IOException {
    this.dir = dir;
    this.port = port;
    this.config = dir.resolve("config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
          maintenance:
            uploadpurging:
              enabled: false
        http:
          addr: 127.0.0.1:%d
        """.formatted(storage(), port));
  }

  /** Starts a registry storing under {@code dir}; fails the test when docker-registry is missing. */
  public static ScratchRegistry start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(TestEnvironment.DOCKER_REGISTRY))) {
      throw new AssertionError(TestEnvironment.DOCKER_REGISTRY + " is missing: run scripts/test-env.sh");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ScratchRegistry r = new ScratchRegistry(dir, port);
    r.serve();
    return r;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public Path storage() {
    return dir.resolve("data");
  }

  /** The file holding a blob's bytes in the registry's storage. */
  public Path blobData(String digest) {
    String hex = digest.substring(digest.indexOf(':') + 1);
    return storage().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
  }

  /** Stops the registry, runs {@code docker-registry garbage-collect [--delete-untagged]}, starts it again. */
  public Cmd.Result garbageCollect(boolean deleteUntagged) throws IOException, InterruptedException {
    stop();
    Cmd.Result r = deleteUntagged
        ? Cmd.run(TestEnvironment.DOCKER_REGISTRY, "garbage-collect", "--delete-untagged", config.toString())
        : Cmd.run(TestEnvironment.DOCKER_REGISTRY, "garbage-collect", config.toString());
    serve();
    return r.assertSuccess();
  }

  private void serve() throws IOException, InterruptedException {
    process = new ProcessBuilder(TestEnvironment.DOCKER_REGISTRY, "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile())
        .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int i = 0; i < 200; i++) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        throw new AssertionError("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("docker-registry on " + host() + " did not answer");
  }

  private void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
