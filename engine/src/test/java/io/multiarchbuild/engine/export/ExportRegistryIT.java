package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.Credentials;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushes built images to the test registries and checks them with docker and skopeo. */
class ExportRegistryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static RegistryClient client;
  private static final List<String> dockerImages = new ArrayList<>();

  @TempDir Path temp;

  @BeforeAll
  static void setUp() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireDocker();
    TestEnvironment.requireSkopeo();
    TestEnvironment.requireQemuBinfmt("aarch64");
    client = TestImages.anonymousClient();
  }

  @AfterAll
  static void tearDown() {
    for (String image : dockerImages) {
      Cmd.run(TestEnvironment.DOCKER, "rmi", "-f", image);
    }
    client.close();
  }

  private ExportContext context() {
    return new ExportContext(client, null, null, temp.resolve("tmp"), null);
  }

  private static String dockerRun(String image, Platform p) {
    dockerImages.add(image);
    return Cmd.runChecked(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", p.toString(), image)
        .stdout();
  }

  private static JsonNode skopeoRaw(String image) throws Exception {
    return JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw",
        "docker://" + image).stdout());
  }

  @Test
  void registry_twoPlatforms_dockerRunsEachPlatformAndSkopeoSeesTheIndex() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    String image = TestEnvironment.PLAIN_REGISTRY + "/it/export-multi:" + TestImages.uniqueTag();

    ExportResult r = Exporters.export(result, blobs, OutputSpec.parse("type=registry,name=" + image), context());

    JsonNode index = skopeoRaw(image);
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    List<String> platforms = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      platforms.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText());
      assertThat(m.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }
    assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
    String digest = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
        "docker://" + image).stdout().trim();
    assertThat(r.metadata().get("containerimage.digest")).isEqualTo(digest);
    assertThat(r.metadata().get("image.name")).isEqualTo(image);
    assertThat(r.metadata()).doesNotContainKey("containerimage.config.digest");
    for (Platform p : List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64)) {
      JsonNode inspect = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false",
          "--override-os", p.os(), "--override-arch", p.architecture(), "docker://" + image).stdout());
      assertThat(inspect.path("Architecture").asText()).isEqualTo(p.architecture());
      assertThat(inspect.path("Layers")).hasSize(2);
      assertThat(dockerRun(image, p)).isEqualTo(TestImages.expectedText(p));
    }
  }

  @Test
  void registry_dockerMediaTypesAndSeveralNames_everyTagGetsTheManifestListAndDockerRunsIt() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    String tag = TestImages.uniqueTag();
    String a = TestEnvironment.PLAIN_REGISTRY + "/it/export-docker:" + tag;
    String b = TestEnvironment.PLAIN_REGISTRY + "/it/export-docker-other:" + tag;

    ExportResult r = Exporters.export(result, blobs,
        OutputSpec.parse("type=image,\"name=" + a + "," + b + "\",push=true,oci-mediatypes=false"), context());

    for (String image : List.of(a, b)) {
      JsonNode list = skopeoRaw(image);
      assertThat(list.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
      assertThat(list.path("manifests").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }
    JsonNode manifest = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw",
        "--override-arch", "amd64", "--override-os", "linux", "docker://" + a).stdout());
    assertThat(r.metadata().get("image.name")).isEqualTo(a + "," + b);
    assertThat(dockerRun(b, Platform.LINUX_AMD64)).isEqualTo(TestImages.expectedText(Platform.LINUX_AMD64));
    assertThat(manifest).isNotNull();
  }

  @Test
  void registry_pushByDigest_manifestIsThereByDigest_andNoTagIsWritten() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_ARM64);
    String repo = TestEnvironment.PLAIN_REGISTRY + "/it/export-by-digest";
    String tag = TestImages.uniqueTag();

    ExportResult r = Exporters.export(result, blobs,
        OutputSpec.parse("type=registry,name=" + repo + ":" + tag + ",push-by-digest=true"), context());

    Object digest = r.metadata().get("containerimage.digest");
    assertThat(digest).isEqualTo(r.descriptor().digest().toString());
    JsonNode manifest = skopeoRaw(repo + "@" + digest);
    assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    Cmd.Result byTag = Cmd.run(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw", "docker://" + repo + ":" + tag);
    assertThat(byTag.exitCode()).as("the tag must not exist: " + byTag.stdout()).isNotZero();
  }

  @Test
  void registry_singlePlatform_pushesAManifestAndMetadataNamesItsConfig() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_ARM64);
    String image = TestEnvironment.PLAIN_REGISTRY + "/it/export-single:" + TestImages.uniqueTag();

    ExportResult r = Exporters.export(result, blobs, OutputSpec.parse("type=registry,name=" + image), context());

    JsonNode manifest = skopeoRaw(image);
    assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    String config = manifest.path("config").path("digest").asText();
    assertThat(r.metadata().get("containerimage.config.digest")).isEqualTo(config);
    @SuppressWarnings("unchecked")
    Map<String, Object> descriptor = (Map<String, Object>) r.metadata().get("containerimage.descriptor");
    assertThat(descriptor).containsEntry("mediaType", MediaTypes.OCI_MANIFEST)
        .containsEntry("digest", r.metadata().get("containerimage.digest"));
    assertThat(dockerRun(image, Platform.LINUX_ARM64)).isEqualTo(TestImages.expectedText(Platform.LINUX_ARM64));
  }

  @Test
  void registry_baseLayersFromAnotherRepositoryOfTheSameRegistry_areMountedNotUploaded() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    Set<Digest> uploaded = ConcurrentHashMap.newKeySet();
    ExportContext ctx = new ExportContext(client, (d, done, total) -> uploaded.add(d), null, temp.resolve("tmp"), null);
    String image = TestEnvironment.PLAIN_REGISTRY + "/it/export-mount-" + TestImages.uniqueTag() + ":1";

    Exporters.export(result, blobs, OutputSpec.parse("type=registry,name=" + image), ctx);

    List<Layer> layers = result.images().get(0).layers();
    assertThat(uploaded).doesNotContain(layers.get(0).blob().digest()).contains(layers.get(1).blob().digest());
    assertThat(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "docker://" + image).stdout())
        .contains(layers.get(0).blob().digest().toString());
  }

  @Test
  void registry_authRegistryWithCredentials_pushes_andWithoutFailsNamingTheRegistry() throws Exception {
    TestEnvironment.requireAuthRegistry();
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    String image = TestEnvironment.AUTH_REGISTRY + "/it/export-auth:" + TestImages.uniqueTag();
    OutputSpec spec = OutputSpec.parse("type=registry,name=" + image);

    assertThatThrownBy(() -> Exporters.export(result, blobs, spec, context()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining(TestEnvironment.AUTH_REGISTRY + "/it/export-auth")
        .hasMessageContaining("401");

    try (RegistryClient authed = RegistryClient.create(CredentialStore.of(Map.of(TestEnvironment.AUTH_REGISTRY,
        Credentials.basic(TestEnvironment.AUTH_USER, TestEnvironment.AUTH_PASSWORD))))) {
      ExportResult r = Exporters.export(result, blobs, spec,
          new ExportContext(authed, null, null, temp.resolve("tmp"), null));
      String digest = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false",
          "--creds", TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD, "--format", "{{.Digest}}",
          "docker://" + image).stdout().trim();
      assertThat(r.metadata().get("containerimage.digest")).isEqualTo(digest);
    }
  }

  @Test
  void registry_unknownHost_failsWithOneLineErrorNamingTheHost() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    OutputSpec spec = OutputSpec.parse("type=registry,name=no-such-host.invalid:5000/it/x:1");

    assertThatThrownBy(() -> Exporters.export(result, blobs, spec, context()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no-such-host.invalid:5000")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
