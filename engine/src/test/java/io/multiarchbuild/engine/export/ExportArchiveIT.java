package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI layouts for umoci and skopeo, docker-save archives and loads for the Docker Engine, local trees and tars. */
class ExportArchiveIT {

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
    TestEnvironment.requireUmoci();
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
    return new ExportContext(client, null, null, temp.resolve("tmp"), DockerEngineClient.fromEnvironment(System.getenv()));
  }

  @Test
  void oci_tar_isUnpackedByUmoci() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    Path tar = temp.resolve("out/image.tar");

    ExportResult r = Exporters.export(result, blobs, OutputSpec.parse("type=oci,dest=" + tar + ",name=it/oci:v1"), context());

    Path layout = Files.createDirectories(temp.resolve("layout"));
    Cmd.runChecked("tar", "-xf", tar.toString(), "-C", layout.toString());
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    assertThat(index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText())
        .isEqualTo("v1");
    assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(r.metadata().get("containerimage.digest"));
    Path bundle = temp.resolve("bundle");
    Cmd.runChecked(TestEnvironment.UMOCI, "unpack", "--image", layout + ":v1", bundle.toString());
    assertThat(Files.readString(bundle.resolve("rootfs/hello.txt"))).isEqualTo(TestImages.expectedText(Platform.LINUX_AMD64));
    assertThat(bundle.resolve("rootfs/bin/busybox")).isRegularFile();
  }

  @Test
  void oci_directoryOfTwoPlatforms_isAnIndexThatSkopeoReads() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    Path dir = temp.resolve("layout-dir");

    Exporters.export(result, blobs, OutputSpec.parse("type=oci,tar=false,dest=" + dir + ",name=it/oci:multi"), context());

    JsonNode raw = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--raw", "oci:" + dir + ":multi").stdout());
    assertThat(raw.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(raw.path("manifests")).hasSize(2);
    JsonNode arm = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--override-arch", "arm64",
        "oci:" + dir + ":multi").stdout());
    assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void docker_tar_isLoadedByDockerAndRuns() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    String name = "it-export/docker-tar:" + TestImages.uniqueTag();
    Path tar = temp.resolve("docker.tar");

    ExportResult r = Exporters.export(result, blobs, OutputSpec.parse("type=docker,dest=" + tar + ",name=" + name), context());

    dockerImages.add(name);
    Cmd.runChecked(TestEnvironment.DOCKER, "load", "-i", tar.toString());
    assertThat(Cmd.runChecked(TestEnvironment.DOCKER, "run", "--rm", name).stdout())
        .isEqualTo(TestImages.expectedText(Platform.LINUX_AMD64));
    String id = Cmd.runChecked(TestEnvironment.DOCKER, "image", "inspect", "--format", "{{.Id}}", name).stdout().trim();
    assertThat(id).isEqualTo(r.metadata().get("containerimage.config.digest"));
    assertThat(r.descriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  @Test
  void docker_withoutDest_loadsThroughTheEngineApi() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_ARM64);
    String name = "it-export/docker-load:" + TestImages.uniqueTag();

    ExportResult r = Exporters.export(result, blobs, OutputSpec.parse("type=docker,name=" + name), context());

    dockerImages.add(name);
    JsonNode inspect = JSON.readTree(Cmd.runChecked(TestEnvironment.DOCKER, "image", "inspect", name).stdout()).get(0);
    assertThat(inspect.path("Id").asText()).isEqualTo(r.metadata().get("containerimage.config.digest"));
    assertThat(inspect.path("Architecture").asText()).isEqualTo("arm64");
    TestEnvironment.requireQemuBinfmt("aarch64");
    assertThat(Cmd.runChecked(TestEnvironment.DOCKER, "run", "--rm", "--platform", "linux/arm64", name).stdout())
        .isEqualTo(TestImages.expectedText(Platform.LINUX_ARM64));
  }

  @Test
  void docker_loadIntoUnreachableEngine_failsNamingTheEngine() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    ExportContext ctx = new ExportContext(client, null, null, temp.resolve("tmp"),
        DockerEngineClient.at("unix://" + temp.resolve("no-such.sock")));

    assertThatThrownBy(() -> Exporters.export(result, blobs, OutputSpec.parse("type=docker,name=x:1"), ctx))
        .isInstanceOf(ExportError.class)
        .hasMessageContaining("load into the Docker Engine at unix://" + temp.resolve("no-such.sock"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void docker_twoPlatforms_failsLikeBuildx() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64, Platform.LINUX_ARM64);

    assertThatThrownBy(() -> Exporters.export(result, blobs,
        OutputSpec.parse("type=docker,dest=" + temp.resolve("x.tar")), context()))
        .isInstanceOf(ExportError.class)
        .hasMessageContaining("docker exporter does not currently support exporting manifest lists")
        .hasMessageContaining("linux/amd64, linux/arm64");
  }

  @Test
  void local_twoPlatforms_splitsPerPlatform_orMergesWithPlatformSplitFalse() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    Path split = temp.resolve("split");
    Path merged = temp.resolve("merged");

    ExportResult r = Exporters.export(result, blobs, OutputSpec.parse(split.toString()), context());
    Exporters.export(result, blobs, OutputSpec.parse("type=local,platform-split=false,dest=" + merged), context());

    for (Platform p : List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64)) {
      Path root = split.resolve(p.os() + "_" + p.architecture());
      assertThat(Files.readString(root.resolve("hello.txt"))).isEqualTo(TestImages.expectedText(p));
      assertThat(root.resolve("bin/busybox")).isRegularFile();
    }
    assertThat(Files.readString(merged.resolve("hello.txt"))).isEqualTo(TestImages.expectedText(Platform.LINUX_ARM64));
    assertThat(r.metadata()).isEmpty();
  }

  @Test
  void tar_twoPlatforms_holdsEachPlatformsTree() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    Path tar = temp.resolve("fs.tar");

    Exporters.export(result, blobs, OutputSpec.parse("type=tar,dest=" + tar), context());

    Map<String, String> files = new java.util.HashMap<>();
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        if (e.getName().endsWith("hello.txt")) {
          files.put(e.getName(), new String(t.readAllBytes(), StandardCharsets.UTF_8));
        } else if (e.getName().endsWith("bin/busybox")) {
          files.put(e.getName(), "busybox");
        }
      }
    }
    assertThat(files).containsEntry("linux_amd64/hello.txt", TestImages.expectedText(Platform.LINUX_AMD64))
        .containsEntry("linux_arm64/hello.txt", TestImages.expectedText(Platform.LINUX_ARM64))
        .containsKeys("linux_amd64/bin/busybox", "linux_arm64/bin/busybox");
  }

  @Test
  void tar_destDash_writesTheTarToStdout_andLeavesStdoutOpen() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    boolean[] closed = {false};
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };

    Exporters.export(result, blobs, OutputSpec.parse("type=tar,dest=-"),
        new ExportContext(client, null, stdout, temp.resolve("tmp"), DockerEngineClient.fromEnvironment(System.getenv())));

    assertThat(closed[0]).as("stdout closed by the export").isFalse();
    String hello = null;
    try (TarArchiveInputStream t = new TarArchiveInputStream(new java.io.ByteArrayInputStream(stdout.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        if (e.getName().endsWith("hello.txt")) {
          hello = new String(t.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertThat(hello).isEqualTo(TestImages.expectedText(Platform.LINUX_AMD64));
  }

  @Test
  void metadataFile_holdsBuildxKeys() throws Exception {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageResult result = TestImages.helloImage(client, blobs, temp, Platform.LINUX_AMD64);
    Path file = temp.resolve("meta/metadata.json");

    ExportResult r = Exporters.export(result, blobs,
        OutputSpec.parse("type=oci,dest=" + temp.resolve("o.tar") + ",name=it/meta:1"), context());
    MetadataFile.write(file, List.of(r));

    JsonNode m = JSON.readTree(file.toFile());
    assertThat(m.path("containerimage.digest").asText()).isEqualTo(r.descriptor().digest().toString());
    assertThat(m.path("containerimage.descriptor").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(m.path("containerimage.descriptor").path("size").asLong()).isEqualTo(r.descriptor().size());
    assertThat(m.path("containerimage.descriptor").path("annotations").path("config.digest").asText())
        .isEqualTo(m.path("containerimage.config.digest").asText()).startsWith("sha256:");
    assertThat(m.path("image.name").asText()).isEqualTo("it/meta:1");
  }
}
