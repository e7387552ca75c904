package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.TaskListener;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.jenkins.page.BuildRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the plugin's own code path — option checks and placement, credential resolution, the
 * callable that runs on the agent, the result map, and the per-platform push + index join of a split
 * build — against the real engine, runc, qemu and the test registries ({@code scripts/test-env.sh}).
 * What it cannot run here is Jenkins itself: {@code FilePath.act} on a local workspace calls the
 * callable in-process, which is what these tests do.
 */
class MultiArchBuildStepIT {
  private static final String PLAIN = "127.0.0.1:5000";
  private static final String AUTH = "127.0.0.1:5001";
  private static final String USER = "testuser";
  private static final String PASSWORD = "testpassword";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path workspace;
  @TempDir static Path cacheDir;

  @BeforeAll
  static void copyExampleIntoWorkspace() throws IOException {
    Path hello = Path.of(System.getProperty("user.dir")).resolve("../examples/hello").normalize();
    assertThat(hello.resolve("Dockerfile")).as("examples/hello in the repository").isRegularFile();
    try (Stream<Path> files = Files.list(hello)) {
      for (Path f : files.toList()) {
        Files.copy(f, workspace.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void step_twoPlatformsPushedWithRegistryCredentials_indexInTheRegistry_andResultMap() throws Exception {
    String tag = AUTH + "/jstep/hello:" + unique();
    Options o = new Options();
    o.platforms = List.of("linux/amd64", "linux/arm64");
    o.tags = List.of(tag);
    o.push = true;
    o.registries = List.of(new StepOptions.CredentialRef("http://" + AUTH + "/", "reg"));
    FakeCredentials store = new FakeCredentials().add(new FakeCredentials.Login("reg", USER, PASSWORD));
    StepOptions options = o.build();

    Placement placement = StepPlan.place(options, n -> Optional.empty(), List.of());
    ResolvedCredentials credentials = CredentialResolver.resolve(options, store, Map.of());
    Console console = new Console();
    AgentJob job = new AgentJob(options, StepResults.strings(placement.platforms()), workspace.toString(),
        cacheDir.toString(), "[linux/amd64,linux/arm64] ");
    AgentBuildResult r = new AgentBuildCallable(job, credentials, console).call();
    Map<String, Object> result = StepResults.of(options, r);

    JsonNode index = manifest(AUTH, "jstep/hello", tag.substring(tag.lastIndexOf(':') + 1), true);
    assertThat(index.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    Map<String, String> inRegistry = new LinkedHashMap<>();
    for (JsonNode m : index.get("manifests")) {
      inRegistry.put(m.get("platform").get("os").asText() + "/" + m.get("platform").get("architecture").asText(),
          m.get("digest").asText());
    }
    assertThat(result.get("digest")).isEqualTo(digestOf(AUTH, "jstep/hello", tag.substring(tag.lastIndexOf(':') + 1), true));
    assertThat(result.get("imageName")).isEqualTo(tag);
    assertThat(result.get("platforms")).isEqualTo(inRegistry);
    assertThat(inRegistry).containsOnlyKeys("linux/amd64", "linux/arm64");
    assertThat(((Map<?, ?>) result.get("metadata")).get("containerimage.digest")).isEqualTo(result.get("digest"));
    assertThat(store.tracked).containsExactly("reg");
    String log = console.text();
    assertThat(log).contains("[linux/amd64,linux/arm64] #").contains("exporting to image").doesNotContain(PASSWORD);
  }

  @Test
  void splitBuild_eachPlatformPushedOnItsOwn_thenJoinedIntoOneIndexUnderTheTag() throws Exception {
    String tagName = unique();
    String tag = PLAIN + "/jstep/split:" + tagName;
    Options o = new Options();
    o.platforms = List.of("linux/amd64", "linux/arm64");
    o.tags = List.of(tag);
    o.push = true;
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "arm64"));
    StepOptions options = o.build();
    Placement placement = StepPlan.place(options, n -> Optional.empty(), List.of());
    assertThat(placement.labels()).containsOnlyKeys(Platform.LINUX_ARM64);
    ResolvedCredentials none = CredentialResolver.resolve(options, new FakeCredentials(), Map.of());

    // what SplitBuild sends to each agent: one platform, pushed by digest
    Map<String, String> manifests = new LinkedHashMap<>();
    List<io.multiarchbuild.jenkins.page.BuildRecord> parts = new ArrayList<>();
    Console console = new Console();
    for (Platform p : placement.platforms()) {
      StepOptions one = SplitBuild.forPlatform(options, p);
      AgentJob job = new AgentJob(one, List.of(p.toString()), workspace.toString(), cacheDir.toString(), "[" + p + "] ");
      AgentBuildResult r = new AgentBuildCallable(job, none, console).call();
      manifests.put(p.toString(), r.manifests().get(p.toString()));
      parts.add(r.record());
    }
    String index = new IndexJoinCallable(options.tags(), manifests, none).call();
    // what BuildDriver.recordAction attaches for a split build: the parts under the joined index
    var record = io.multiarchbuild.jenkins.page.BuildRecord.merge(parts, index, java.time.Duration.ofSeconds(1));
    assertThat(record.digest()).isEqualTo(index);
    assertThat(record.platforms()).extracting(p -> p.platform()).containsExactly("linux/amd64", "linux/arm64");
    assertThat(record.platforms()).allSatisfy(p -> assertThat(p.steps()).isNotEmpty());

    JsonNode pushed = manifest(PLAIN, "jstep/split", tagName, false);
    assertThat(digestOf(PLAIN, "jstep/split", tagName, false)).isEqualTo(index);
    List<String> digests = new ArrayList<>();
    pushed.get("manifests").forEach(m -> digests.add(m.get("digest").asText()));
    assertThat(digests).containsExactly(manifests.get("linux/amd64"), manifests.get("linux/arm64"));
    assertThat(pushed.get("manifests").get(1).get("platform").get("architecture").asText()).isEqualTo("arm64");
    // each platform's manifest is also where the index says, by digest
    assertThat(digestOf(PLAIN, "jstep/split", manifests.get("linux/arm64"), false)).isEqualTo(manifests.get("linux/arm64"));
    assertThat(console.text()).contains("[linux/arm64] #").contains("[linux/amd64] #");
    // pushed by digest: no per-platform tag is left behind
    assertThat(status(PLAIN, "jstep/split", tagName + "-linux-arm64")).isEqualTo(404);
    assertThat(tags(PLAIN, "jstep/split")).contains(tagName).noneMatch(t -> t.startsWith(tagName + "-"));
  }

  @Test
  void step_credentialValues_areMaskedInTheConsole(@TempDir Path ws) throws Exception {
    String password = "pw-" + unique();
    Files.writeString(ws.resolve("Dockerfile"), "FROM " + PLAIN + "/test/busybox:1\nARG TOKEN\nRUN echo \"token is $TOKEN\"\n");
    Options o = new Options();
    o.platforms = List.of("linux/amd64");
    o.buildArgs = Map.of("TOKEN", password);
    o.noCache = true;
    o.registries = List.of(new StepOptions.CredentialRef(PLAIN, "reg"));
    StepOptions options = o.build();
    ResolvedCredentials credentials = CredentialResolver.resolve(options,
        new FakeCredentials().add(new FakeCredentials.Login("reg", "someone", password)), Map.of());
    Console console = new Console();

    new AgentBuildCallable(new AgentJob(options, List.of("linux/amd64"), ws.toString(), cacheDir.toString(), "[linux/amd64] "),
        credentials, console).call();

    assertThat(console.text()).contains("token is ****").doesNotContain(password);
  }

  @Test
  void step_secretTextAndSshKeyCredentials_reachRunMounts_recordHasBothPlatformsAndNoSecret(@TempDir Path ws)
      throws Exception {
    String secret = "s3cr3t-" + unique();
    String passphrase = "pp-" + unique();
    Path key = ws.resolve("deploy_key");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "jwire", "-f",
        key.toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).as("ssh-keygen: " + new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    String privateKey = Files.readString(key);
    Files.delete(key);
    Files.writeString(ws.resolve("Dockerfile"), """
        FROM %s/test/busybox:1
        RUN --mount=type=secret,id=token,required=true echo "digest $(sha256sum /run/secrets/token)"; cat /run/secrets/token
        RUN --mount=type=ssh,id=deploy,required=true test -S "$SSH_AUTH_SOCK" && echo "agent socket at $SSH_AUTH_SOCK"
        """.formatted(PLAIN));
    Options o = new Options();
    o.platforms = List.of("linux/amd64", "linux/arm64");
    o.noCache = true;
    o.secrets = List.of(new StepOptions.CredentialRef("token", "npm-token"));
    o.ssh = List.of(new StepOptions.CredentialRef("deploy", "deploy-key"));
    StepOptions options = o.build();
    FakeCredentials store = new FakeCredentials()
        .add(new FakeCredentials.Text("npm-token", secret))
        .add(new FakeCredentials.SshKey("deploy-key", List.of(privateKey), passphrase));
    ResolvedCredentials credentials = CredentialResolver.resolve(options, store, Map.of());
    Console console = new Console();

    AgentBuildResult r = new AgentBuildCallable(new AgentJob(options, options.platforms(), ws.toString(),
        cacheDir.toString(), "[both] "), credentials, console).call();

    String sha = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.record()).isNotNull();
    assertThat(r.record().platforms()).extracting(p -> p.platform()).containsExactly("linux/amd64", "linux/arm64");
    for (var platform : r.record().platforms()) {
      assertThat(platform.steps()).as(platform.platform())
          .anySatisfy(st -> assertThat(st.log()).contains("digest " + sha).contains("****"))
          .anySatisfy(st -> assertThat(st.log()).contains("agent socket at /run/buildkit/ssh_agent.0"));
    }
    Path json = ws.resolve("record.json");
    r.record().write(json);
    assertThat(Files.readString(json)).contains("linux/arm64").contains(sha)
        .doesNotContain(secret).doesNotContain(passphrase);
    assertThat(console.text()).contains("digest " + sha).doesNotContain(secret).doesNotContain(passphrase);
    assertThat(store.tracked).containsExactlyInAnyOrder("npm-token", "deploy-key");
  }

  @Test
  void step_cacheToThenCacheFromOnAnotherAgentsCacheDir_secondBuildRunsNoStep_sameDigest(@TempDir Path otherCache)
      throws Exception {
    String cacheRef = PLAIN + "/jstep/cache:" + unique();
    Options first = new Options();
    first.platforms = List.of("linux/amd64", "linux/arm64");
    first.outputs = List.of("type=oci,dest=" + workspace.resolve("first.tar"));
    first.cacheTo = List.of("type=registry,ref=" + cacheRef + ",mode=max");
    Options second = new Options();
    second.platforms = first.platforms;
    second.outputs = List.of("type=oci,dest=" + workspace.resolve("second.tar"));
    second.cacheFrom = List.of("type=registry,ref=" + cacheRef);

    AgentBuildResult a = build(first.build(), cacheDir.resolve("agent-a"));
    AgentBuildResult b = build(second.build(), otherCache);

    assertThat(b.digest()).isEqualTo(a.digest());
    assertThat(b.record().platforms()).hasSize(2).allSatisfy(p -> assertThat(p.steps())
        .filteredOn(st -> st.name().contains(" RUN "))
        .isNotEmpty()
        .allSatisfy(st -> assertThat(st.status()).as(st.name()).isEqualTo(BuildRecord.Status.CACHED)));
    assertThat(b.record().cacheImportBytes()).as("cache import bytes on the record").isNotNull();
  }

  @Test
  void step_badCacheTo_refusedWithOneLineNamingTheOption() {
    Options o = new Options();
    o.platforms = List.of("linux/amd64");
    o.cacheTo = List.of("type=registry,ref=" + PLAIN + "/jstep/cache,mode=everything");
    StepOptions options = o.build();

    assertThatThrownBy(() -> build(options, cacheDir))
        .isInstanceOf(OptionError.class).hasMessageContaining("cacheTo[0]")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static AgentBuildResult build(StepOptions options, Path cache) throws Exception {
    return new AgentBuildCallable(new AgentJob(options, options.platforms(), workspace.toString(), cache.toString(), ""),
        ResolvedCredentials.none(), new Console()).call();
  }

  @Test
  void step_userMistake_failsBeforeBuilding_withOneLine() {
    Options o = new Options();
    o.platforms = List.of("linux/amd64");
    o.tags = List.of("jstep/hello:1");
    o.push = true;

    assertThatThrownBy(() -> StepPlan.place(o.build(), n -> Optional.empty(), List.of()))
        .isInstanceOf(OptionError.class).hasMessageStartingWith("multiArchBuild tags[0]: 'jstep/hello:1' names no registry");
  }

  private static String unique() {
    return "t" + Long.toHexString(System.nanoTime());
  }

  private static int status(String registry, String repo, String ref) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repo + "/manifests/" + ref))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static List<String> tags(String registry, String repo) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repo + "/tags/list"))
        .build(), HttpResponse.BodyHandlers.ofString());
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  private static JsonNode manifest(String registry, String repo, String ref, boolean auth) throws Exception {
    return JSON.readTree(get(registry, repo, ref, auth).body());
  }

  private static String digestOf(String registry, String repo, String ref, boolean auth) throws Exception {
    return get(registry, repo, ref, auth).headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  private static HttpResponse<byte[]> get(String registry, String repo, String ref, boolean auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + repo + "/manifests/" + ref))
        .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json");
    if (auth) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET " + r.uri()).isEqualTo(200);
    return r;
  }

  /** The build log: a TaskListener whose logger collects what the callable prints. */
  static final class Console implements TaskListener {
    private static final long serialVersionUID = 1L;
    private final transient ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final transient PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Override
    public PrintStream getLogger() {
      return out;
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
