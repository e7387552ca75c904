package io.multiarchbuild.engine.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves each component scripts/test-env.sh provides really works, so a failing engine IT can be
 * told apart from a broken environment.
 */
class TestEnvironmentIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void plainRegistry_v2_answers200() {
    assertThat(TestEnvironment.v2Status(TestEnvironment.PLAIN_REGISTRY, null)).isEqualTo(200);
  }

  @Test
  void baseImage_inPlainRegistry_isAnIndexForLinuxAmd64AndArm64() throws Exception {
    TestEnvironment.requireBaseImage();
    Cmd.Result r = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--raw", "--tls-verify=false",
        "docker://" + TestEnvironment.BASE_IMAGE);
    JsonNode index = JSON.readTree(r.stdout());
    assertThat(index.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(platforms(index)).containsExactlyInAnyOrder("linux/amd64", "linux/arm64/v8");
  }

  @Test
  void baseImage_layoutOnDisk_isWhatTheRegistryServes() throws Exception {
    // Tests may use the on-disk layout (oci:<dir>:1) instead of the registry; both must agree.
    TestEnvironment.requireBaseImageLayout();
    JsonNode layoutIndex = JSON.readTree(TestEnvironment.BASE_IMAGE_LAYOUT.resolve("index.json").toFile());
    String digest = layoutIndex.path("manifests").path(0).path("digest").asText();
    Cmd.Result r = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--raw", "--tls-verify=false",
        "docker://" + TestEnvironment.BASE_IMAGE);
    byte[] blob = Files.readAllBytes(BaseImages.blob(TestEnvironment.BASE_IMAGE_LAYOUT, digest));
    assertThat(r.stdout()).isEqualTo(new String(blob, StandardCharsets.UTF_8));
  }

  @Test
  void authRegistry_withoutCredentials_answers401() {
    assertThat(TestEnvironment.v2Status(TestEnvironment.AUTH_REGISTRY, null)).isEqualTo(401);
  }

  @Test
  void authRegistry_withCredentials_answers200() {
    String auth = TestEnvironment.basicAuthorization(TestEnvironment.AUTH_USER, TestEnvironment.AUTH_PASSWORD);
    assertThat(TestEnvironment.v2Status(TestEnvironment.AUTH_REGISTRY, auth)).isEqualTo(200);
  }

  @Test
  void authRegistry_wrongPassword_answers401() {
    String auth = TestEnvironment.basicAuthorization(TestEnvironment.AUTH_USER, "wrong");
    assertThat(TestEnvironment.v2Status(TestEnvironment.AUTH_REGISTRY, auth)).isEqualTo(401);
  }

  @Test
  void authRegistry_baseImage_needsCredentials() throws Exception {
    TestEnvironment.requireAuthRegistry();
    Cmd.Result anonymous = Cmd.run(TestEnvironment.SKOPEO, "inspect", "--raw", "--tls-verify=false",
        "--no-creds", "docker://" + TestEnvironment.AUTH_BASE_IMAGE);
    assertThat(anonymous.exitCode()).as(anonymous.describe()).isNotZero();
    Cmd.Result r = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--raw", "--tls-verify=false",
        "--creds", TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD,
        "docker://" + TestEnvironment.AUTH_BASE_IMAGE);
    assertThat(platforms(JSON.readTree(r.stdout()))).containsExactlyInAnyOrder("linux/amd64", "linux/arm64/v8");
  }

  @Test
  void runc_version_printsItsVersion() {
    TestEnvironment.requireRunc();
    assertThat(Cmd.runChecked(TestEnvironment.RUNC, "--version").stdout()).startsWith("runc version");
  }

  @Test
  void runc_amd64BaseImage_runsEchoAndUname() {
    Path bundle = tmp.resolve("bundle");
    BaseImages.unpackRootfs("amd64", tmp, bundle.resolve("rootfs"));
    Cmd.Result r = RuncBundles.run(bundle, List.of("sh", "-c", "echo hello from busybox; uname -m"));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).isEqualTo("hello from busybox\nx86_64\n");
  }

  @Test
  void runc_baseImage_hasTheTestUsers() {
    Path bundle = tmp.resolve("bundle");
    BaseImages.unpackRootfs("amd64", tmp, bundle.resolve("rootfs"));
    Cmd.Result r = RuncBundles.run(bundle, List.of("sh", "-c",
        "id app; id nobody; stat -c '%u:%g %a' /home/app /tmp"));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).isEqualTo("""
        uid=1000(app) gid=1000(app) groups=1000(app)
        uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)
        1000:1000 755
        0:0 1777
        """);
  }

  @Test
  void binfmt_qemuAarch64AndArm_areEnabledWithFixBinaryFlag() {
    TestEnvironment.requireQemuBinfmt("aarch64");
    TestEnvironment.requireQemuBinfmt("arm");
  }

  @Test
  void runc_arm64BaseImage_runsThroughQemu() {
    TestEnvironment.requireQemuBinfmt("aarch64");
    Path bundle = tmp.resolve("bundle");
    BaseImages.unpackRootfs("arm64", tmp, bundle.resolve("rootfs"));
    Cmd.Result r = RuncBundles.run(bundle, List.of("sh", "-c", "echo hello from arm64; uname -m"));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).isEqualTo("hello from arm64\naarch64\n");
  }

  @Test
  void docker_runsBaseImageForAmd64() {
    assertThat(dockerUname("linux/amd64")).isEqualTo("x86_64\n");
  }

  @Test
  void docker_runsBaseImageForArm64ThroughQemu() {
    assertThat(dockerUname("linux/arm64")).isEqualTo("aarch64\n");
  }

  @Test
  void umoci_version_printsItsVersion() {
    TestEnvironment.requireUmoci();
    assertThat(Cmd.runChecked(TestEnvironment.UMOCI, "--version").stdout()).startsWith("umoci version");
  }

  @Test
  void ssh_serverAndClient_areInstalled() {
    TestEnvironment.requireSsh();
    // OpenSSH prints its version on stderr
    assertThat(Cmd.runChecked(TestEnvironment.SSH, "-V").stderr()).startsWith("OpenSSH");
  }

  private static String dockerUname(String platform) {
    TestEnvironment.requireDocker();
    TestEnvironment.requireBaseImage();
    // --pull always: the local tag may hold the other platform from an earlier run.
    Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", "--platform", platform,
        TestEnvironment.BASE_IMAGE, "uname", "-m");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    // pull progress goes to stderr; stdout is the container's output only
    return r.stdout();
  }

  private static List<String> platforms(JsonNode index) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      JsonNode p = m.path("platform");
      String s = p.path("os").asText() + "/" + p.path("architecture").asText();
      if (p.hasNonNull("variant")) {
        s += "/" + p.path("variant").asText();
      }
      out.add(s);
    }
    return out;
  }
}
