package io.multiarchbuild.engine.testenv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The real components integration tests run against, as installed and started by
 * {@code scripts/test-env.sh}. Every {@code require...} method FAILS the test (AssertionError) with
 * "component X missing: ...: run scripts/test-env.sh" when the component is absent: tests never skip.
 */
public final class TestEnvironment {

  /** Plain distribution registry (no auth, delete enabled). */
  public static final String PLAIN_REGISTRY = "127.0.0.1:5000";
  /** Distribution registry with htpasswd (basic) auth. */
  public static final String AUTH_REGISTRY = "127.0.0.1:5001";
  public static final String AUTH_USER = "testuser";
  public static final String AUTH_PASSWORD = "testpassword";

  public static final String BASE_IMAGE_REPOSITORY = "test/busybox";
  public static final String BASE_IMAGE_TAG = "1";
  /** OCI index: linux/amd64 and linux/arm64/v8, one busybox-static layer each. */
  public static final String BASE_IMAGE = PLAIN_REGISTRY + "/" + BASE_IMAGE_REPOSITORY + ":" + BASE_IMAGE_TAG;
  /** The same image in the htpasswd registry. */
  public static final String AUTH_BASE_IMAGE = AUTH_REGISTRY + "/" + BASE_IMAGE_REPOSITORY + ":" + BASE_IMAGE_TAG;

  /** Debian's docker.io client (20.10); /usr/local/bin/docker may be an unrelated newer client. */
  public static final String DOCKER = "/usr/bin/docker";
  public static final String DOCKER_SOCKET = "/var/run/docker.sock";
  public static final String RUNC = "/usr/sbin/runc";
  public static final String SKOPEO = "/usr/bin/skopeo";
  public static final String UMOCI = "/usr/bin/umoci";
  public static final String SSHD = "/usr/sbin/sshd";
  public static final String SSH = "/usr/bin/ssh";
  public static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");

  /** scripts/test-env.sh's state directory (configs, logs, registry storage, the base image layout). */
  public static final Path STATE_DIR = Path.of(
      System.getenv().getOrDefault("MULTIARCH_TEST_STATE", "/var/lib/multiarch-build-test"));
  /** Config of the plain registry, e.g. for {@code docker-registry garbage-collect <config>}. */
  public static final Path PLAIN_REGISTRY_CONFIG = STATE_DIR.resolve("registry-plain/config.yml");
  /** htpasswd file of the auth registry (bcrypt). */
  public static final Path AUTH_REGISTRY_HTPASSWD = STATE_DIR.resolve("registry-auth/htpasswd");
  public static final String DOCKER_REGISTRY = "/usr/bin/docker-registry";
  /** The base image as an OCI layout on disk; reference it as {@code oci:<dir>:1}. */
  public static final Path BASE_IMAGE_LAYOUT = STATE_DIR.resolve("busybox-oci");

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private TestEnvironment() {}

  /** The registry at {@link #PLAIN_REGISTRY} answers {@code GET /v2/} with 200. */
  public static void requirePlainRegistry() {
    int code = v2Status(PLAIN_REGISTRY, null);
    if (code != 200) {
      throw missing("plain registry", "http://" + PLAIN_REGISTRY + "/v2/ answered " + describeStatus(code));
    }
  }

  /** The registry at {@link #AUTH_REGISTRY} wants credentials and accepts testuser/testpassword. */
  public static void requireAuthRegistry() {
    int anonymous = v2Status(AUTH_REGISTRY, null);
    int authorized = v2Status(AUTH_REGISTRY, basicAuthorization(AUTH_USER, AUTH_PASSWORD));
    if (anonymous != 401 || authorized != 200) {
      throw missing("htpasswd registry", "http://" + AUTH_REGISTRY + "/v2/ answered "
          + describeStatus(anonymous) + " anonymously and " + describeStatus(authorized)
          + " with credentials (expected 401 and 200)");
    }
  }

  /** {@link #BASE_IMAGE} is in the plain registry. */
  public static void requireBaseImage() {
    requirePlainRegistry();
    requireExecutable("skopeo", SKOPEO);
    Cmd.Result r = Cmd.run(SKOPEO, "inspect", "--raw", "--tls-verify=false", "docker://" + BASE_IMAGE);
    if (r.exitCode() != 0) {
      throw missing("base image", BASE_IMAGE + " not in the registry: " + r.stderr().strip());
    }
  }

  /** {@link #BASE_IMAGE_LAYOUT} holds the base image as an OCI layout (tag "1"). */
  public static void requireBaseImageLayout() {
    if (!Files.isRegularFile(BASE_IMAGE_LAYOUT.resolve("index.json"))) {
      throw missing("base image layout", BASE_IMAGE_LAYOUT.resolve("index.json") + " does not exist");
    }
  }

  /** runc is installed and we are root (runc needs root for these tests). */
  public static void requireRunc() {
    requireExecutable("runc", RUNC);
    if (!"root".equals(System.getProperty("user.name"))) {
      throw missing("runc", "tests that run containers need root, running as " + System.getProperty("user.name"));
    }
  }

  /**
   * binfmt_misc has {@code qemu-<arch>} registered, enabled, with the F flag (so it works inside
   * containers whose root file system has no qemu).
   *
   * @param qemuArch qemu's name for the architecture: "aarch64", "arm"
   */
  public static void requireQemuBinfmt(String qemuArch) {
    Path entry = BINFMT_MISC.resolve("qemu-" + qemuArch);
    List<String> lines;
    try {
      lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw missing("qemu binfmt " + qemuArch, entry + " is not readable (" + e.getMessage() + ")");
    }
    boolean enabled = !lines.isEmpty() && lines.get(0).equals("enabled");
    boolean fixBinary = lines.stream().anyMatch(l -> l.startsWith("flags:") && l.contains("F"));
    if (!enabled || !fixBinary) {
      throw missing("qemu binfmt " + qemuArch, entry + " is " + String.join(" | ", lines)
          + " (need enabled with flag F)");
    }
  }

  /** Docker Engine answers on {@link #DOCKER_SOCKET} through {@link #DOCKER}. */
  public static void requireDocker() {
    requireExecutable("docker", DOCKER);
    Cmd.Result r = Cmd.run(List.of(DOCKER, "version", "--format", "{{.Server.Version}}"), Duration.ofSeconds(30));
    if (r.exitCode() != 0) {
      throw missing("dockerd", "docker version failed: " + r.stderr().strip());
    }
  }

  public static void requireSkopeo() {
    requireExecutable("skopeo", SKOPEO);
  }

  public static void requireUmoci() {
    requireExecutable("umoci", UMOCI);
  }

  /** OpenSSH server and client binaries (tests start their own sshd). */
  public static void requireSsh() {
    requireExecutable("sshd", SSHD);
    requireExecutable("ssh", SSH);
  }

  /** Everything scripts/test-env.sh provides. */
  public static void requireAll() {
    requirePlainRegistry();
    requireAuthRegistry();
    requireBaseImage();
    requireBaseImageLayout();
    requireRunc();
    requireQemuBinfmt("aarch64");
    requireQemuBinfmt("arm");
    requireDocker();
    requireSkopeo();
    requireUmoci();
    requireSsh();
  }

  /** An {@code Authorization} header value for HTTP basic auth. */
  public static String basicAuthorization(String user, String password) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Status code of {@code GET http://<registry>/v2/}, or -1 when nothing answers.
   *
   * @param authorization an Authorization header value, or null
   */
  public static int v2Status(String registry, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"))
        .timeout(Duration.ofSeconds(10))
        .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing " + registry, e);
    }
  }

  /** Fails unless {@code path} is an executable file. */
  public static void requireExecutable(String component, String path) {
    if (!Files.isExecutable(Path.of(path))) {
      throw missing(component, path + " not found or not executable");
    }
  }

  private static String describeStatus(int code) {
    return code == -1 ? "nothing (connection refused)" : "HTTP " + code;
  }

  private static AssertionError missing(String component, String detail) {
    return new AssertionError("component " + component + " missing: " + detail
        + ": run scripts/test-env.sh (as root)");
  }
}
