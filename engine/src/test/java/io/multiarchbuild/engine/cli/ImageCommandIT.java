package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image copy} and {@code image inspect} against the test registries, checked with skopeo and umoci. */
class ImageCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void setUp() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireAuthRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireSkopeo();
    TestEnvironment.requireUmoci();
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  @Test
  void copy_registryToLayoutToAuthRegistry_keepsTheIndexDigestEverywhere() throws Exception {
    String baseDigest = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
        "docker://" + TestEnvironment.BASE_IMAGE).stdout().trim();
    Path layout = temp.resolve("layout");
    Run toLayout = run("image", "copy", "docker://" + TestEnvironment.BASE_IMAGE, "oci:" + layout + ":v1");
    assertThat(toLayout.exit()).as(toLayout.err()).isZero();
    assertThat(toLayout.out().trim()).isEqualTo(baseDigest);
    JsonNode raw = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--raw", "oci:" + layout + ":v1").stdout());
    assertThat(raw.path("manifests")).hasSize(2);

    String dest = TestEnvironment.AUTH_REGISTRY + "/it/copy:" + tag();
    Run toAuth = run("image", "copy", "--dest-creds", TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD,
        "oci:" + layout + ":v1", "docker://" + dest);
    assertThat(toAuth.exit()).as(toAuth.err()).isZero();
    String pushed = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--creds",
        TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD, "--format", "{{.Digest}}", "docker://" + dest)
        .stdout().trim();
    assertThat(pushed).isEqualTo(baseDigest);
  }

  @Test
  void copy_toAuthRegistryWithoutCredentials_failsWithOneLine() {
    Run r = run("image", "copy", "docker://" + TestEnvironment.BASE_IMAGE,
        "docker://" + TestEnvironment.AUTH_REGISTRY + "/it/copy-noauth:" + tag());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains(TestEnvironment.AUTH_REGISTRY).contains("401");
    assertThat(r.err().strip()).doesNotContain("\n");
  }

  @Test
  void copy_onePlatformToArchive_isUnpackedByUmoci() throws Exception {
    Path archive = temp.resolve("arm.tar");
    Run r = run("image", "copy", "--platform", "linux/arm64", TestEnvironment.BASE_IMAGE, "oci-archive:" + archive + ":arm");
    assertThat(r.exit()).as(r.err()).isZero();
    Path layout = Files.createDirectories(temp.resolve("unpacked"));
    Cmd.runChecked("tar", "-xf", archive.toString(), "-C", layout.toString());
    Path bundle = temp.resolve("bundle");
    Cmd.runChecked(TestEnvironment.UMOCI, "unpack", "--image", layout + ":arm", bundle.toString());
    assertThat(bundle.resolve("rootfs/bin/busybox")).isRegularFile();
    JsonNode config = JSON.readTree(bundle.resolve("config.json").toFile());
    assertThat(config.path("process").path("args")).isNotEmpty();
  }

  @Test
  void copy_registryToOtherRepositoryOfSameRegistry_andInspectShowsIt() throws Exception {
    String dest = TestEnvironment.PLAIN_REGISTRY + "/it/copy-mount:" + tag();
    Run r = run("image", "copy", "docker://" + TestEnvironment.BASE_IMAGE, "docker://" + dest);
    assertThat(r.exit()).as(r.err()).isZero();

    Run raw = run("image", "inspect", "--raw", dest);
    assertThat(raw.exit()).as(raw.err()).isZero();
    assertThat(raw.out()).isEqualTo(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw",
        "docker://" + dest).stdout());
    Run summary = run("image", "inspect", "--platform", "linux/arm64", "docker://" + dest);
    assertThat(summary.exit()).as(summary.err()).isZero();
    assertThat(JSON.readTree(summary.out()).path("Architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void copy_unknownTransport_failsNamingIt() {
    Run r = run("image", "copy", "dir:/tmp/x", "oci:" + temp.resolve("l"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("unknown transport");
  }
}
