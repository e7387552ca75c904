package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.steps;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressSinks;
import io.multiarchbuild.engine.progress.Renderers;
import io.multiarchbuild.engine.secrets.SecretSpec;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.secrets.SshSpec;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak scan: builds that use a file secret, an env secret, an SSH agent and a cache mount — and
 * print the secret values, also base64-encoded, on stdout and stderr — then every byte the builds
 * left behind is searched for the values, their base64 forms and the private key: the pushed
 * registry manifests, configs and layers (decompressed), the OCI layout, the docker tar, the
 * metadata file, the whole cache directory, every recorded progress event, the plain-text log and
 * a failing build's error message. Registry cache export (another issue) is not wired into
 * builds yet; the cache directory is what a cache export would be made from.
 */
class SecretLeakIT {

  static final String FILE_SECRET = "file-secret-Qx7vB2pLmN9";
  static final String ENV_SECRET = "env-secret-Zr4tY8wKcH3";

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireSsh();
  }

  static final String DOCKERFILE = """
      FROM %s
      RUN --mount=type=secret,id=token \\
          --mount=type=secret,id=api,env=API_TOKEN \\
          --mount=type=ssh \\
          --mount=type=cache,target=/root/.cache/tool \\
          cat /run/secrets/token; echo; echo "$API_TOKEN" >&2; base64 /run/secrets/token; \\
          printf %%s "$API_TOKEN" | base64 >&2; \\
          echo "agent at $SSH_AUTH_SOCK" && date > /root/.cache/tool/last-run && echo built > /built.txt
      RUN --mount=type=secret,id=token,target=/etc/app/token,mode=0444 wc -c /etc/app/token > /token.size
      """;

  @Test
  void secretsSshAndCacheMounts_everyOutputCacheEventAndLog_holdsNoSecretOrKeyMaterial(@TempDir Path tmp)
      throws Exception {
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Path key = SshFixtures.key(keys, "leak-key", "");
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE.formatted(TestEnvironment.BASE_IMAGE));
    Path secretFile = Files.writeString(tmp.resolve("token.txt"), FILE_SECRET);
    Path cache = tmp.resolve("cache");
    Path out = Files.createDirectories(tmp.resolve("out"));
    String ref = TestEnvironment.PLAIN_REGISTRY + "/it/secret-leak:" + uniqueTag();
    RunMountsIT.Capture events = new RunMountsIT.Capture();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    String failure;

    try (SecretStore store = store(secretFile, ENV_SECRET);
        var renderer = Renderers.forMode("plain", new PrintStream(plain, true, StandardCharsets.UTF_8), false)) {
      BuildRequest.Builder b = request(ctx, cache, Platform.LINUX_AMD64).secrets(store)
          .ssh(SshSpec.parse("default=" + key))
          .metadataFile(out.resolve("metadata.json"))
          .output(OutputSpec.parse("type=registry,name=" + ref))
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("oci-layout")))
          .output(OutputSpec.parse("type=docker,dest=" + out.resolve("image-docker.tar") + ",name=leak:test"))
          // every kind of cache export: records and layers of every step (mode=max), and inline
          .cacheTo(List.of(
              CacheSpec.parseTo("type=registry,ref=" + ref + "-cache,mode=max"),
              CacheSpec.parseTo("type=local,dest=" + out.resolve("cache-local") + ",mode=max"),
              CacheSpec.parseTo("type=inline")));
      BuildResult result = Build.run(b.build(), ProgressSinks.tee(events, renderer));
      failure = failingBuild(tmp, store);

      LeakScanner scan = new LeakScanner(needles(key));
      scan.registry(TestEnvironment.PLAIN_REGISTRY, "it/secret-leak", ref.substring(ref.lastIndexOf(':') + 1));
      scan.registry(TestEnvironment.PLAIN_REGISTRY, "it/secret-leak", ref.substring(ref.lastIndexOf(':') + 1) + "-cache");
      scan.tree(out);
      scan.tree(cache);
      scan.events(events.events);
      scan.text("plain progress output", plain.toString(StandardCharsets.UTF_8));
      scan.text("build result", result.toString());
      scan.text("error message of a failing build", failure);

      assertThat(scan.hits()).as("secret material found").isEmpty();
      assertThat(scan.scannedBlobs()).as("registry blobs, layout and docker tar were scanned").isGreaterThanOrEqualTo(9);
      assertThat(plain.toString(StandardCharsets.UTF_8)).contains("****").contains("agent at /run/buildkit/ssh_agent.0");
      assertThat(failure).contains("****");
      assertThat(cache.resolve("mounts")).isNotEmptyDirectory();
    }
  }

  @Test
  void changedSecretValue_everyStepCached_imageByteIdentical(@TempDir Path tmp) throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=secret,id=token --mount=type=secret,id=api,env=API_TOKEN \\
            wc -c /run/secrets/token > /size.txt && echo "${#API_TOKEN}" >> /size.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path cache = tmp.resolve("cache");
    Path first;
    Path second;
    BuildResult one;
    BuildResult two;

    try (SecretStore store = store(Files.writeString(tmp.resolve("one"), "first-value"), "first-env")) {
      first = tmp.resolve("first");
      one = BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).secrets(store)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + first)).build());
    }
    try (SecretStore store = store(Files.writeString(tmp.resolve("two"), "another, longer value"), "other-env-value")) {
      second = tmp.resolve("second");
      two = BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).secrets(store)
          .output(OutputSpec.parse("type=oci,tar=false,dest=" + second)).build());
    }

    assertThat(executed(two)).isEmpty();
    assertThat(steps(two)).isNotEmpty().allMatch(v -> v.vertex().cached());
    assertThat(two.digest()).isEqualTo(one.digest());
    assertThat(Files.readAllBytes(second.resolve("index.json"))).isEqualTo(Files.readAllBytes(first.resolve("index.json")));
  }

  @Test
  void addUrlAuthSecret_outputsCacheEventsAndLogs_holdNoValue_andAnotherValueKeepsTheAddCached(@TempDir Path tmp) throws Exception {
    String first = "url-token-Jm5cX1pQ";
    String second = "url-token-Rb8nK4dT";
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      boolean ok = ("Bearer " + first).equals(auth) || ("Bearer " + second).equals(auth);
      byte[] body = "protected file\n".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("ETag", "\"v1\"");
      ex.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
      boolean notModified = ok && "\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"));
      ex.sendResponseHeaders(!ok ? 401 : notModified ? 304 : 200, ok && !notModified ? body.length : -1);
      if (ok && !notModified) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    try {
      Path ctx = Files.createDirectories(tmp.resolve("ctx"));
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/dl/file.txt";
      Files.writeString(ctx.resolve("Dockerfile"), "FROM %s\nADD %s /file.txt\nRUN cat /file.txt\n".formatted(TestEnvironment.BASE_IMAGE, url));
      Path cache = tmp.resolve("cache");
      Path out = Files.createDirectories(tmp.resolve("out"));
      RunMountsIT.Capture events = new RunMountsIT.Capture();
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      BuildResult one;
      BuildResult two;
      try (SecretStore store = SecretStore.builder(Map.of()).add("HTTP_AUTH_TOKEN_127.0.0.1", first.getBytes(StandardCharsets.UTF_8)).build();
          var renderer = Renderers.forMode("plain", new PrintStream(plain, true, StandardCharsets.UTF_8), false)) {
        one = Build.run(request(ctx, cache, Platform.LINUX_AMD64).secrets(store)
            .metadataFile(out.resolve("metadata.json"))
            .output(OutputSpec.parse("type=oci,tar=false,dest=" + out.resolve("oci-layout")))
            .cacheTo(List.of(CacheSpec.parseTo("type=local,dest=" + out.resolve("cache-local") + ",mode=max")))
            .build(), ProgressSinks.tee(events, renderer));
      }
      try (SecretStore store = SecretStore.builder(Map.of()).add("HTTP_AUTH_TOKEN_127.0.0.1", second.getBytes(StandardCharsets.UTF_8)).build()) {
        two = BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).secrets(store)
            .output(OutputSpec.parse("type=oci,tar=false,dest=" + tmp.resolve("second-layout"))).build());
      }

      LeakScanner scan = new LeakScanner(LeakScanner.withBase64(List.of(first, second)));
      scan.tree(out);
      scan.tree(cache);
      scan.events(events.events);
      scan.text("plain progress output", plain.toString(StandardCharsets.UTF_8));
      scan.text("build result", one.toString());
      assertThat(scan.hits()).as("secret material found").isEmpty();
      assertThat(plain.toString(StandardCharsets.UTF_8)).contains("protected file");
      assertThat(two.digest()).as("the ADD is keyed on the file, not the credential").isEqualTo(one.digest());
      assertThat(executed(two)).noneMatch(n -> n.contains("RUN cat"));
    } finally {
      server.stop(0);
    }
  }

  /** The file secret as {@code --secret id=token,src=FILE}, the env secret as {@code --secret id=api,env=API_TOKEN}. */
  private static SecretStore store(Path file, String envValue) {
    Map<String, String> env = Map.of("API_TOKEN", envValue);
    return SecretStore.builder(env)
        .add(SecretSpec.parse("id=token,src=" + file, env))
        .add(SecretSpec.parse("id=api,env=API_TOKEN", env))
        .build();
  }

  /** A RUN that prints the secret and fails: its error message (last output) must be masked too. */
  private static String failingBuild(Path tmp, SecretStore store) throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("failing"));
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=secret,id=token cat /run/secrets/token && exit 3
        """.formatted(TestEnvironment.BASE_IMAGE));
    try {
      BuildFixtures.run(request(ctx, tmp.resolve("cache"), Platform.LINUX_AMD64).secrets(store).build());
    } catch (BuildError e) {
      return e.getMessage();
    }
    throw new AssertionError("the failing build succeeded");
  }

  private static List<String> needles(Path key) throws Exception {
    List<String> out = new java.util.ArrayList<>(LeakScanner.withBase64(List.of(FILE_SECRET, ENV_SECRET)));
    // the private key file, and each line of its base64 body but the first (a header every OpenSSH key shares)
    String pem = Files.readString(key);
    out.add(pem);
    List<String> body = pem.lines().filter(l -> !l.startsWith("-----")).toList();
    out.addAll(body.subList(1, body.size()).stream().filter(l -> l.length() >= 16).toList());
    return out;
  }
}
