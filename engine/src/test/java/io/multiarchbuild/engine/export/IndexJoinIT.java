package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link IndexJoin} against the plain test registry: single-platform images copied out of the busybox
 * base image into separate repositories (as per-agent builds would push them) are joined, and the
 * result is checked with skopeo and run by Docker for each platform.
 */
class IndexJoinIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String R = TestEnvironment.PLAIN_REGISTRY;
  private static final List<String> dockerImages = new ArrayList<>();
  private static RegistryClient client;

  @BeforeAll
  static void setUp() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireSkopeo();
    TestEnvironment.requireDocker();
    TestEnvironment.requireQemuBinfmt("aarch64");
    client = RegistryClient.create(CredentialStore.of(Map.of()));
  }

  @AfterAll
  static void tearDown() {
    for (String image : dockerImages) {
      Cmd.run(TestEnvironment.DOCKER, "rmi", "-f", image);
    }
    if (client != null) {
      client.close();
    }
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  /** Copies one platform of the base image to {@code repo:src}; returns {@code repo@digest}. */
  private static ImageReference singlePlatform(String repo, Platform p) {
    ImageReference dest = ImageReference.parse(R + "/" + repo + ":src");
    ImageCopier.CopyResult r = new ImageCopier(client, null).copy(ImageLocation.parse(TestEnvironment.BASE_IMAGE),
        ImageLocation.parse("docker://" + dest), p);
    assertThat(MediaTypes.isManifest(r.top().mediaType())).isTrue();
    return dest.withDigest(r.top().digest());
  }

  private static JsonNode skopeoRaw(String image) throws Exception {
    return JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw",
        "docker://" + image).stdout());
  }

  private static String dockerRunArch(String image, String platform) {
    dockerImages.add(image);
    return Cmd.runChecked(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", platform, image,
        "/bin/busybox", "uname", "-m").stdout().trim();
  }

  @Test
  void join_twoPlatformsFromTwoRepositories_pushesOneIndexUnderEveryTagThatDockerRuns() throws Exception {
    String u = unique();
    ImageReference amd = singlePlatform("it/join-amd-" + u, Platform.LINUX_AMD64);
    ImageReference arm = singlePlatform("it/join-arm-" + u, Platform.LINUX_ARM64);
    String tag1 = R + "/it/join-" + u + ":1.0";
    String tag2 = R + "/it/join-" + u + ":latest";

    IndexJoin.Result result = new IndexJoin(client, null)
        .joinReferences(List.of(amd.toString(), arm.toString()), List.of(tag1, tag2));

    assertThat(result.index().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(result.platforms()).containsExactly(
        Map.entry(Platform.LINUX_AMD64, amd.digest()), Map.entry(Platform.LINUX_ARM64, arm.digest()));
    assertThat(result.tags()).containsExactly(tag1, tag2);
    assertThat(result.blobsCopied()).as("same registry: every blob is mounted, none uploaded").isZero();

    JsonNode raw = skopeoRaw(tag1);
    assertThat(raw.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(raw.path("manifests")).hasSize(2);
    assertThat(raw.path("manifests").get(0).path("digest").asText()).isEqualTo(amd.digest().toString());
    assertThat(raw.path("manifests").get(0).path("platform").path("architecture").asText()).isEqualTo("amd64");
    assertThat(raw.path("manifests").get(1).path("digest").asText()).isEqualTo(arm.digest().toString());
    assertThat(raw.path("manifests").get(1).path("platform").path("architecture").asText()).isEqualTo("arm64");
    for (String tag : List.of(tag1, tag2)) {
      String digest = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw", "docker://" + tag)
          .stdout();
      assertThat(Digest.sha256(digest.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(result.digest());
    }
    // the blobs were mounted into the destination repository, so skopeo can read each platform's config there
    JsonNode armConfig = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false",
        "--override-arch", "arm64", "--config", "docker://" + tag1).stdout());
    assertThat(armConfig.path("architecture").asText()).isEqualTo("arm64");

    assertThat(dockerRunArch(tag1, "linux/arm64")).isEqualTo("aarch64");
    assertThat(dockerRunArch(tag2, "linux/amd64")).isEqualTo("x86_64");
  }

  @Test
  void join_dockerMediaTypeSources_pushesADockerManifestList() throws Exception {
    String u = unique();
    ImageReference amd = singlePlatform("it/join-src-" + u, Platform.LINUX_AMD64);
    ImageReference arm = singlePlatform("it/join-src-" + u, Platform.LINUX_ARM64);
    List<String> dockerSources = new ArrayList<>();
    for (ImageReference s : List.of(amd, arm)) {
      String dest = R + "/it/join-v2s2-" + u + ":" + s.digest().hex().substring(0, 8);
      Cmd.runChecked(TestEnvironment.SKOPEO, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--format",
          "v2s2", "docker://" + s, "docker://" + dest);
      dockerSources.add(dest);
    }
    String tag = R + "/it/join-docker-" + u + ":1";

    IndexJoin.Result result = new IndexJoin(client, null).joinReferences(dockerSources, List.of(tag));

    assertThat(result.index().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    JsonNode raw = skopeoRaw(tag);
    assertThat(raw.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(raw.path("manifests").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(dockerRunArch(tag, "linux/arm64")).isEqualTo("aarch64");
  }

  @Test
  void join_indexSourceAndManifestSource_takesThePlatformsOfTheIndexEntries() {
    String u = unique();
    ImageReference arm = singlePlatform("it/join-idx-" + u, Platform.LINUX_ARM64);
    // a single-platform index, as buildx pushes with --platform linux/amd64 and attestations off
    ImageReference amdIndex = ImageReference.parse(R + "/it/join-idx-amd-" + u + ":src");
    ImageReference amd = singlePlatform("it/join-idx-amd-" + u, Platform.LINUX_AMD64);
    var entry = client.manifestGet(amd).descriptor();
    byte[] index = io.multiarchbuild.engine.oci.ImageJson.write(io.multiarchbuild.engine.oci.ImageIndex.of(
        List.of(entry.withPlatform(Platform.LINUX_AMD64))));
    Digest indexDigest = client.manifestPut(amdIndex, index, MediaTypes.OCI_INDEX);

    IndexJoin.Result result = new IndexJoin(client, null).join(List.of(amdIndex.withDigest(indexDigest), arm),
        List.of(ImageReference.parse(R + "/it/join-idx-out-" + u + ":1")));

    assertThat(result.platforms()).containsExactly(
        Map.entry(Platform.LINUX_AMD64, amd.digest()), Map.entry(Platform.LINUX_ARM64, arm.digest()));
  }

  @Test
  void join_intoAnotherRegistry_copiesTheBlobsThere() throws Exception {
    TestEnvironment.requireAuthRegistry();
    String u = unique();
    ImageReference amd = singlePlatform("it/join-x-amd-" + u, Platform.LINUX_AMD64);
    ImageReference arm = singlePlatform("it/join-x-arm-" + u, Platform.LINUX_ARM64);
    String tag = TestEnvironment.AUTH_REGISTRY + "/it/join-x-" + u + ":1";
    try (RegistryClient both = RegistryClient.create(CredentialStore.of(Map.of(TestEnvironment.AUTH_REGISTRY,
        io.multiarchbuild.engine.registry.Credentials.basic(TestEnvironment.AUTH_USER, TestEnvironment.AUTH_PASSWORD))))) {

      IndexJoin.Result result = new IndexJoin(both, null).join(List.of(amd, arm), List.of(ImageReference.parse(tag)));

      assertThat(result.platforms()).containsOnlyKeys(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
      assertThat(result.blobsCopied()).as("two configs and two layers, uploaded to the other registry").isEqualTo(4);
    }
    String creds = TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD;
    // skopeo reads the arm64 config and then copies the whole image out: every blob is in the other registry
    JsonNode config = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--creds",
        creds, "--override-arch", "arm64", "--config", "docker://" + tag).stdout());
    assertThat(config.path("architecture").asText()).isEqualTo("arm64");
    java.nio.file.Path layout = java.nio.file.Files.createTempDirectory("join-x");
    try {
      Cmd.runChecked(TestEnvironment.SKOPEO, "copy", "--all", "--src-tls-verify=false", "--src-creds", creds,
          "docker://" + tag, "oci:" + layout + ":x");
      assertThat(JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")).hasSize(1);
    } finally {
      Cmd.run("rm", "-rf", layout.toString());
    }
  }

  @Test
  void join_samePlatformTwice_failsNamingThePlatformAndBothSources() {
    String u = unique();
    ImageReference a = singlePlatform("it/join-dup-a-" + u, Platform.LINUX_ARM64);
    ImageReference b = singlePlatform("it/join-dup-b-" + u, Platform.LINUX_ARM64);

    assertThatThrownBy(() -> new IndexJoin(client, null).join(List.of(a, b),
        List.of(ImageReference.parse(R + "/it/join-dup-" + u + ":1"))))
        .isInstanceOf(IndexJoinError.DuplicatePlatform.class)
        .hasMessageContaining("linux/arm64").hasMessageContaining(a.toString()).hasMessageContaining(b.toString());
    assertThat(client.manifestHead(ImageReference.parse(R + "/it/join-dup-" + u + ":1"))).isEmpty();
  }

  @Test
  void join_missingSource_failsNamingIt() {
    String u = unique();
    ImageReference a = singlePlatform("it/join-miss-" + u, Platform.LINUX_AMD64);
    ImageReference missing = a.withDigest(Digest.sha256(("nothing " + u).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> new IndexJoin(client, null).join(List.of(a, missing),
        List.of(ImageReference.parse(R + "/it/join-miss-out-" + u + ":1"))))
        .isInstanceOf(IndexJoinError.SourceMissing.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void join_digestAsDestination_isRejectedBeforeAnythingIsRead() {
    ImageReference dest = ImageReference.parse(R + "/it/join-bad@" + Digest.sha256(new byte[0]));
    assertThatThrownBy(() -> new IndexJoin(client, null).join(List.of(ImageReference.parse(TestEnvironment.BASE_IMAGE)),
        List.of(dest)))
        .isInstanceOf(IndexJoinError.InvalidRequest.class)
        .hasMessageContaining("must be a tag");
  }
}
