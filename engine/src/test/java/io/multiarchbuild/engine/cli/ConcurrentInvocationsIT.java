package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several callers run {@link Main#run(Invocation, String[])} at once in one JVM, as in the build server:
 * each sees only its own working directory, environment and streams, and is cancelled by interrupting
 * its thread.
 */
class ConcurrentInvocationsIT {

  /** Names of the relative paths the callers give; none may appear in the JVM's own directory. */
  private static final List<String> RELATIVE_OUTPUTS =
      List.of("out-invocation-it", "meta-invocation-it.json", "iid-invocation-it.txt");

  @BeforeAll
  static void components() {
    TestEnvironment.requireAuthRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
  }

  /** One caller's directory: a project whose image records its build arg, marker file and secret's hash. */
  private static Path project(Path dir, String marker) throws Exception {
    Path proj = Files.createDirectories(dir.resolve("proj"));
    Files.writeString(proj.resolve("marker"), marker);
    Files.writeString(proj.resolve("build.Dockerfile"), "FROM " + TestEnvironment.AUTH_BASE_IMAGE + "\n"
        + "ARG NAME\n"
        + "COPY marker /marker\n"
        + "RUN echo \"$NAME\" > /name\n"
        + "RUN --mount=type=secret,id=x,required=true sha256sum /run/secrets/x | cut -d' ' -f1 > /secret.sha256\n");
    // the caller's own Docker config: the only place the auth registry's password is
    Path docker = Files.createDirectories(dir.resolve("docker-config"));
    String auth = Base64.getEncoder().encodeToString(
        (TestEnvironment.AUTH_USER + ":" + TestEnvironment.AUTH_PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(docker.resolve("config.json"),
        "{\"auths\":{\"" + TestEnvironment.AUTH_REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}");
    return dir;
  }

  /** The caller's environment: its own HOME, cache (XDG_CACHE_HOME), Docker config, build arg and secret. */
  private static Map<String, String> env(Path dir, String name, String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", dir.resolve("home").toString());
    env.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());
    env.put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
    env.put("NAME", name);
    env.put("SECRET_VAR", secret);
    return env;
  }

  private static final String[] BUILD = {"build", "-f", "proj/build.Dockerfile", "--build-arg", "NAME",
      "--secret", "id=x,env=SECRET_VAR", "--output", "type=local,dest=out-invocation-it",
      "--metadata-file", "meta-invocation-it.json", "--iidfile", "iid-invocation-it.txt", "--progress", "quiet", "proj"};

  private record Caller(Path dir, Map<String, String> env, ByteArrayOutputStream out, ByteArrayOutputStream err) {
    Invocation invocation() {
      return TestInvocations.of(dir, env, "", out, err);
    }

    String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void run_twoCallersAtOnce_eachSeesOnlyItsOwnDirectoryEnvironmentAndStreams(@TempDir Path a, @TempDir Path b)
      throws Exception {
    Path jvmDir = Path.of("").toAbsolutePath();
    for (String name : RELATIVE_OUTPUTS) {
      assertThat(jvmDir.resolve(name)).as("left over in the JVM's directory").doesNotExist();
    }
    Caller alpha = new Caller(project(a, "marker-alpha"), env(a, "alpha", "secret-value-alpha"),
        new ByteArrayOutputStream(), new ByteArrayOutputStream());
    Caller beta = new Caller(project(b, "marker-beta"), env(b, "beta", "a-different-secret-for-beta"),
        new ByteArrayOutputStream(), new ByteArrayOutputStream());

    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch start = new CountDownLatch(1);
    try {
      Future<Integer> ra = pool.submit(() -> {
        start.await();
        return Main.run(alpha.invocation(), BUILD);
      });
      Future<Integer> rb = pool.submit(() -> {
        start.await();
        return Main.run(beta.invocation(), BUILD);
      });
      start.countDown();
      assertThat(ra.get()).as(alpha.stderr()).isZero();
      assertThat(rb.get()).as(beta.stderr()).isZero();
    } finally {
      pool.shutdownNow();
    }

    for (Caller c : List.of(alpha, beta)) {
      String name = c == alpha ? "alpha" : "beta";
      Path out = c.dir().resolve("out-invocation-it");
      // the build arg and the secret came from this caller's environment, the file from its directory
      assertThat(Files.readString(out.resolve("name")).strip()).isEqualTo(name);
      assertThat(Files.readString(out.resolve("marker"))).isEqualTo("marker-" + name);
      assertThat(Files.readString(out.resolve("secret.sha256")).strip())
          .isEqualTo(Digest.sha256(c.env().get("SECRET_VAR")).hex());
      // the cache is the one its XDG_CACHE_HOME names
      assertThat(c.dir().resolve("xdg/multiarch-build")).isDirectory();
      // --progress quiet printed its own image digest on its own stdout, the one its metadata file names
      String digest = c.stdout().strip();
      assertThat(digest).startsWith("sha256:").doesNotContain("\n");
      assertThat(Files.readString(c.dir().resolve("meta-invocation-it.json"))).contains(digest);
      assertThat(Files.readString(c.dir().resolve("iid-invocation-it.txt"))).startsWith("sha256:");
    }
    assertThat(alpha.stdout()).isNotEqualTo(beta.stdout());
    for (String name : RELATIVE_OUTPUTS) {
      assertThat(jvmDir.resolve(name)).as("written into the JVM's directory").doesNotExist();
    }
  }

  @Test
  void run_callerWithoutCredentialsInItsDockerConfig_isNotGivenAnotherCallersOrTheJvms(@TempDir Path c)
      throws Exception {
    project(c, "marker");
    Files.writeString(c.resolve("docker-config/config.json"), "{\"auths\":{}}");
    Caller caller = new Caller(c, env(c, "n", "s"), new ByteArrayOutputStream(), new ByteArrayOutputStream());

    int code = Main.run(caller.invocation(), BUILD);

    assertThat(code).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(caller.stderr()).startsWith("error: ").contains(TestEnvironment.AUTH_REGISTRY);
  }

  @Test
  void run_interruptedDuringALongRun_returnsCanceledAndLeavesNoContainer(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Dockerfile"),
        "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo long-run-started-marker && sleep 60\n");
    CountDownLatch running = new CountDownLatch(1);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    // the RUN's own output in the plain progress: the container is running
    PrintStream stderr = new PrintStream(new OutputStream() {
      @Override
      public synchronized void write(int b) {
        progress.write(b);
        if (b == '\n' && progress.toString(StandardCharsets.UTF_8).lines()
            .anyMatch(l -> l.contains("long-run-started-marker") && !l.contains("RUN"))) {
          running.countDown();
        }
      }
    }, true, StandardCharsets.UTF_8);
    Invocation invocation = new Invocation(dir, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
        java.io.InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        stderr, false);
    AtomicInteger code = new AtomicInteger(-1);
    Thread runner = new Thread(() -> code.set(Main.run(invocation,
        new String[] {"build", "--progress", "plain", "--cache-dir", "cache", "."})));
    runner.start();
    running.await();
    runner.interrupt();
    runner.join(); // run() returns only after the cleanup

    assertThat(code.get()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("error: build canceled");
    // runc's container list is machine-wide (other tests may run containers): ours have their
    // bundles under this caller's cache dir
    assertThat(Cmd.run(TestEnvironment.RUNC, "list").assertSuccess().stdout()).doesNotContain(dir.toString());
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(dir.toString());
  }

  @Test
  void main_terminatedDuringALongRun_cancelsCleansUpAndExits(@TempDir Path dir) throws Exception {
    Path jar = Path.of("target/multiarch-build.jar").toAbsolutePath();
    assertThat(jar).as("the CLI jar (mvn package)").isRegularFile();
    Files.writeString(dir.resolve("Dockerfile"),
        "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo process-run-started-marker && sleep 60\n");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "build", "--no-cache", "--progress", "plain", "--cache-dir", "cache", ".")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    StringBuilder output = new StringBuilder();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        if (line.contains("process-run-started-marker") && !line.contains("RUN")) {
          // SIGTERM, as a Ctrl-C: Main.main's hook interrupts the run and waits for its cleanup (not
          // Process.destroy(), which also closes the output still to be read)
          Cmd.run("kill", "-TERM", Long.toString(p.pid())).assertSuccess();
        }
      }
    }
    int code = p.waitFor();

    assertThat(code).as(output.toString()).isNotZero();
    assertThat(output.toString()).contains("error: build canceled").doesNotContain("DONE 6");
    assertThat(Cmd.run(TestEnvironment.RUNC, "list").assertSuccess().stdout()).doesNotContain(dir.toString());
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(dir.toString());
  }

  @Test
  void run_outputDash_writesTheTarToTheInvocationsStdout_notTheJvms(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("marker"), "to-the-callers-stdout");
    Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nCOPY marker /marker\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Main.run(TestInvocations.of(dir, Map.of("HOME", dir.resolve("home").toString()), "", out, err),
        new String[] {"build", "--progress", "none", "-o", "-", "."});

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Map<String, String> files = new HashMap<>();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.io.ByteArrayInputStream(out.toByteArray()))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(files).containsEntry("marker", "to-the-callers-stdout");
    // the default cache came from the caller's HOME
    assertThat(dir.resolve("home/.cache/multiarch-build")).isDirectory();
  }
}
