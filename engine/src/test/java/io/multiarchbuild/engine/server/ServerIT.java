package io.multiarchbuild.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build server through the real launcher, as a user runs it: a copy of the script and jar laid
 * out like the repository (as LauncherIT does), a private XDG_RUNTIME_DIR per test so no test
 * touches a user's server, and every server the test started killed at the end.
 *
 * <p>Tests marked "invocation refactor" need commands to take the caller's directory, environment
 * and stdin from {@code cli.Invocation} rather than from the (server's) process.
 */
class ServerIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern PID = Pattern.compile("pid (\\d+)");

  @TempDir Path temp;
  private Path launcher;
  private Path jarDir;
  private Path xdg;
  private Path context;
  private Path cache;

  @BeforeAll
  static void environment() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireExecutable("setsid (util-linux)", "/usr/bin/setsid");
  }

  @BeforeEach
  void layOutRepository() throws IOException {
    Path builtJar = Path.of("target/multiarch-build.jar");
    assertThat(builtJar).as("run after mvn package").isRegularFile();
    Path repo = temp.resolve("repo");
    jarDir = Files.createDirectories(repo.resolve("engine/target"));
    Files.copy(builtJar, jarDir.resolve("multiarch-build.jar"));
    launcher = Files.createDirectories(repo.resolve("bin")).resolve("multiarch-build");
    Files.copy(Path.of("../bin/multiarch-build"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    xdg = Files.createDirectory(temp.resolve("xdg"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    context = Files.createDirectories(temp.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"),
        "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo served > /served.txt\n");
    cache = temp.resolve("cache");
  }

  @AfterEach
  void killServers() {
    serverProcesses().forEach(p -> {
      p.destroyForcibly();
      p.onExit().join();
    });
  }

  @Test
  void build_twice_servedByOneServerWithTheArchive_outputAsInProcess() throws Exception {
    // in-process: also records the launcher's class archive, which the server then maps
    List<String> cds = List.of("MULTIARCH_BUILD_CDS=1");
    Cmd.Result inProcess = launch(List.of("MULTIARCH_BUILD_CDS=1", "MULTIARCH_BUILD_SERVER=0"), buildArgs("out0"));
    assertThat(inProcess.exitCode()).as(inProcess.describe()).isZero();
    assertThat(serverProcesses()).isEmpty();
    assertThat(archives()).hasSize(1);

    Cmd.Result first = launch(cds, buildArgs("out1"));
    assertThat(first.exitCode()).as(first.describe()).isZero();
    long pid = serverPid();
    Cmd.Result second = launch(cds, buildArgs("out2"));
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(serverPid()).isEqualTo(pid);

    assertThat(Files.readString(temp.resolve("out2/index.json"))).isEqualTo(Files.readString(temp.resolve("out0/index.json")));
    assertThat(Files.readString(temp.resolve("out1/index.json"))).isEqualTo(Files.readString(temp.resolve("out0/index.json")));
    assertThat(ProcessHandle.of(pid).orElseThrow().info().arguments().map(Arrays::asList).orElseThrow())
        .as("the server maps the launcher's archive")
        .anyMatch(a -> a.startsWith("-XX:AOTCache=" + jarDir) || a.startsWith("-XX:SharedArchiveFile=" + jarDir));
    String status = launch(List.of(), "server", "status").assertSuccess().stdout();
    assertThat(status).contains("pid " + pid).contains("2 requests served").contains(xdg.toString());
  }

  @Test
  void build_ofABadDockerfile_sameExitCodeAndErrorAsInProcess() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nRUNN echo\n");
    Cmd.Result inProcess = launch(List.of("MULTIARCH_BUILD_SERVER=0"), buildArgs("out0"));
    Cmd.Result served = launch(List.of(), buildArgs("out1"));
    assertThat(served.exitCode()).isEqualTo(inProcess.exitCode()).isEqualTo(1);
    assertThat(errorLines(served)).isEqualTo(errorLines(inProcess)).hasSize(1);
    assertThat(serverProcesses()).hasSize(1);
  }

  @Test
  void build_toStdout_asInProcess_theImageTarByteForByte() throws Exception {
    // invocation refactor: the exporters write to the Invocation's stdout
    for (String output : List.of("type=oci,dest=-", "-", "type=tar,dest=-")) {
      Path a = temp.resolve("a.tar");
      Path b = temp.resolve("b.tar");
      shell(List.of("MULTIARCH_BUILD_SERVER=0"), a, "build", "--platform", "linux/amd64,linux/arm64",
          "--cache-dir", cache.toString(), "--progress=plain", "--output", output, context.toString());
      shell(List.of(), b, "build", "--platform", "linux/amd64,linux/arm64",
          "--cache-dir", cache.toString(), "--progress=plain", "--output", output, context.toString());
      assertThat(Files.size(a)).as(output).isGreaterThan(1024);
      if (output.startsWith("type=oci")) {
        assertThat(Files.readAllBytes(b)).as(output).isEqualTo(Files.readAllBytes(a));
      } else {
        // a filesystem tar carries the export's own directory times, so even two in-process runs
        // differ there: the same entries with the same bytes
        assertThat(tarEntries(b)).as(output).isEqualTo(tarEntries(a)).hasSizeGreaterThan(10);
      }
    }
  }

  @Test
  void dockerfileParse_ofStdin_readsThePipedInputThroughTheServer() throws Exception {
    // invocation refactor: the command reads the Invocation's stdin
    byte[] dockerfile = ("FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo piped\n").getBytes(StandardCharsets.UTF_8);
    Cmd.Result inProcess = launchWithStdin(List.of("MULTIARCH_BUILD_SERVER=0"), dockerfile, "dockerfile", "parse", "-f", "-");
    Cmd.Result served = launchWithStdin(List.of(), dockerfile, "dockerfile", "parse", "-f", "-");
    assertThat(inProcess.exitCode()).as(inProcess.describe()).isZero();
    assertThat(served.exitCode()).as(served.describe()).isZero();
    assertThat(served.stdout()).isEqualTo(inProcess.stdout()).contains("echo piped");
    assertThat(serverProcesses()).hasSize(1);
  }

  @Test
  void aCommandThatReadsNoStdin_leavesItForTheNextCommand() throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" && cat", "sh"));
    command.addAll(command(List.of(), "--version"));
    Cmd.Result r = Cmd.run(command, TIMEOUT, temp, Map.of(), "left for cat\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).startsWith("multiarch-build ").endsWith("left for cat\n");
    assertThat(serverProcesses()).hasSize(1);
  }

  @Test
  void sigint_duringARun_cancelsTheBuild_exits130_serverServesTheNext() throws Exception {
    launch(List.of(), "--version").assertSuccess();
    long pid = serverPid();
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN sleep 60\n");
    Path err = temp.resolve("sigint.err");
    Process client = start(err, buildArgs("out1"));
    awaitTrue(this::runcListsOurs, "the RUN started");

    Cmd.run("kill", "-INT", Long.toString(client.pid())).assertSuccess();
    assertThat(client.waitFor(2, TimeUnit.MINUTES)).as("client exited").isTrue();
    assertThat(client.exitValue()).as(read(err)).isEqualTo(130);
    assertThat(runcListsOurs()).as("no container of the cancelled build left").isFalse();
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).as("no mount of it left").doesNotContain(cache.toString());
    assertThat(serverPid()).isEqualTo(pid);

    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo next\n");
    launch(List.of(), buildArgs("out2")).assertSuccess();
    assertThat(serverPid()).isEqualTo(pid);
  }

  @Test
  void sigkillOfTheClient_duringARun_theServerCancelsTheBuild() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN sleep 60\n");
    Path err = temp.resolve("sigkill.err");
    Process client = start(err, buildArgs("out1"));
    awaitTrue(this::runcListsOurs, "the RUN started");
    long pid = serverPid();

    client.destroyForcibly().waitFor();
    awaitTrue(() -> read(log()).contains("request: build exit"), "the server finished the build:\n" + read(log()));
    assertThat(read(log())).contains("(client gone)");
    assertThat(runcListsOurs()).as("no container of the abandoned build left").isFalse();
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).as("no mount of it left").doesNotContain(cache.toString());
    assertThat(serverPid()).isEqualTo(pid);
  }

  @Test
  void sigtermToTheServer_duringARun_cancelsIt_theClientGetsAnExit_socketRemoved() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN sleep 60\n");
    Path err = temp.resolve("sigterm.err");
    Process client = start(err, buildArgs("out1"));
    awaitTrue(this::runcListsOurs, "the RUN started");
    ProcessHandle server = ProcessHandle.of(serverPid()).orElseThrow();
    Path socket = onlySocket();

    Cmd.run("kill", "-TERM", Long.toString(server.pid())).assertSuccess();
    assertThat(client.waitFor(2, TimeUnit.MINUTES)).as("client exited").isTrue();
    assertThat(client.exitValue()).as(read(err)).isNotZero();
    server.onExit().get(2, TimeUnit.MINUTES);
    assertThat(runcListsOurs()).as("no container of the cancelled build left").isFalse();
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).as("no mount of it left").doesNotContain(cache.toString());
    assertThat(socket).doesNotExist();
    assertThat(read(log())).contains("(server shutting down)");
  }

  @Test
  void twoClientsAtOnce_withNoServer_startOne() throws Exception {
    List<Process> clients = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      clients.add(new ProcessBuilder(command(List.of(), "--version")).directory(temp.toFile())
          .redirectInput(new File("/dev/null")).redirectOutput(temp.resolve("v" + i).toFile())
          .redirectError(temp.resolve("e" + i).toFile()).start());
    }
    for (int i = 0; i < 2; i++) {
      assertThat(clients.get(i).waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(clients.get(i).exitValue()).isZero();
      assertThat(read(temp.resolve("v" + i))).startsWith("multiarch-build ");
      assertThat(read(temp.resolve("e" + i))).isEmpty();
    }
    assertThat(serverProcesses()).hasSize(1);
  }

  @Test
  void aServerThatCannotStart_theCommandRunsInProcessWithOneLineNamingTheLog() throws Exception {
    // the server's JVM gets the user's options; this one stops it at start
    Cmd.Result r = launch(List.of("MULTIARCH_BUILD_JAVA_OPTS=-XX:+NoSuchVmOption"), "--version");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).startsWith("multiarch-build ");
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .contains("not using the build server").contains("exited at start").contains(log().toString());
    assertThat(read(log())).contains("NoSuchVmOption");
  }

  @Test
  void serverKilled_leavesAStaleSocket_theNextClientStartsAnother() throws Exception {
    launch(List.of(), "--version").assertSuccess();
    long pid = serverPid();
    Path socket = onlySocket();
    ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
    server.destroyForcibly();
    server.onExit().join();
    assertThat(socket).as("a killed server leaves its socket").exists();

    Cmd.Result r = launch(List.of(), "--version");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(serverPid()).isNotEqualTo(pid);
    assertThat(onlySocket()).isEqualTo(socket);
  }

  @Test
  void idleServer_exitsAndRemovesItsSocket() throws Exception {
    launch(List.of("MULTIARCH_BUILD_SERVER_IDLE=1s"), "--version").assertSuccess();
    ProcessHandle server = ProcessHandle.of(serverPid()).orElseThrow();
    Path socket = onlySocket();
    server.onExit().get(2, TimeUnit.MINUTES);
    assertThat(socket).doesNotExist();
    assertThat(read(log())).contains("stopping: idle");
  }

  @Test
  void serverStop_endsTheServer_statusThenSaysNone() throws Exception {
    assertThat(launch(List.of(), "server", "status").assertSuccess().stdout()).isEqualTo("no build server running\n");
    assertThat(serverProcesses()).as("status starts no server").isEmpty();
    launch(List.of(), "--version").assertSuccess();
    ProcessHandle server = ProcessHandle.of(serverPid()).orElseThrow();
    assertThat(launch(List.of(), "server", "stop").assertSuccess().stdout()).contains("pid " + server.pid());
    server.onExit().get(2, TimeUnit.MINUTES);
    assertThat(launch(List.of(), "server", "status").assertSuccess().stdout()).isEqualTo("no build server running\n");
  }

  @Test
  void groupWritableRuntimeDir_isRefused_theCommandRunsInProcess() throws Exception {
    Files.createDirectory(xdg.resolve("multiarch-build"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwx---")));
    assertRefused("open to other users");
  }

  @Test
  void foreignOwnedRuntimeDir_isRefused_theCommandRunsInProcess() throws Exception {
    Path dir = Files.createDirectory(xdg.resolve("multiarch-build"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Cmd.runChecked("chown", "65534:65534", dir.toString());
    assertRefused("belongs to another user");
  }

  @Test
  void serverOff_startsNoServer() throws Exception {
    Cmd.Result r = launch(List.of("MULTIARCH_BUILD_SERVER=0"), buildArgs("out0"));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(xdg.resolve("multiarch-build")).doesNotExist();
    assertThat(serverProcesses()).isEmpty();
  }

  @Test
  void twoConcurrentClients_relativePathsFromTheirOwnDirectories_eachGetTheirOutput() throws Exception {
    // invocation refactor: relative paths resolve against each caller's working directory
    launch(List.of(), "--version").assertSuccess();
    List<Process> clients = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Path dir = Files.createDirectories(temp.resolve(name));
      Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo " + name + " > /who.txt\n");
      ProcessBuilder pb = new ProcessBuilder(command(List.of(), "build", "--platform", "linux/amd64", "--progress=plain",
          "--cache-dir", cache.toString(), "-o", "type=local,dest=out", "."))
          .directory(dir.toFile())
          .redirectInput(new File("/dev/null"))
          .redirectOutput(dir.resolve("stdout").toFile())
          .redirectError(dir.resolve("stderr").toFile());
      clients.add(pb.start());
    }
    for (int i = 0; i < 2; i++) {
      Process p = clients.get(i);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      Path dir = temp.resolve(i == 0 ? "a" : "b");
      assertThat(p.exitValue()).as(read(dir.resolve("stderr"))).isZero();
    }
    assertThat(Files.readString(temp.resolve("a/out/who.txt"))).isEqualTo("a\n");
    assertThat(Files.readString(temp.resolve("b/out/who.txt"))).isEqualTo("b\n");
    assertThat(serverProcesses()).hasSize(1);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void assertRefused(String why) throws IOException {
    Cmd.Result r = launch(List.of(), "--version");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).startsWith("multiarch-build ");
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .contains("not using the build server").contains(why).contains("running in this process");
    assertThat(serverProcesses()).isEmpty();
    try (Stream<Path> files = Files.list(xdg.resolve("multiarch-build"))) {
      assertThat(files).isEmpty();
    }
  }

  private String[] buildArgs(String out) {
    return new String[] {"build", "--platform", "linux/amd64,linux/arm64", "--progress=plain",
        "--cache-dir", cache.toString(), "--output", "type=oci,tar=false,dest=" + temp.resolve(out), context.toString()};
  }

  /**
   * The launcher's environment: a private runtime dir, the machine's default JVM choice, and no
   * class archive unless {@code env} sets MULTIARCH_BUILD_CDS=1 (without an archive the launcher
   * runs a first build in-process to record one).
   */
  private List<String> command(List<String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "-u", "JAVA_HOME", "-u", "MULTIARCH_BUILD_JAVA",
        "-u", "MULTIARCH_BUILD_JAVA_OPTS", "-u", "MULTIARCH_BUILD_CDS", "-u", "MULTIARCH_BUILD_SERVER",
        "-u", "MULTIARCH_BUILD_SERVER_IDLE", "-u", "JAVA_TOOL_OPTIONS", "-u", "JDK_JAVA_OPTIONS",
        "XDG_RUNTIME_DIR=" + xdg, "MULTIARCH_BUILD_CDS=0"));
    command.addAll(env);
    command.add(launcher.toString());
    command.addAll(List.of(args));
    return command;
  }

  private Cmd.Result launch(List<String> env, String... args) {
    return Cmd.run(command(env, args), TIMEOUT, temp, Map.of(), null);
  }

  private Cmd.Result launchWithStdin(List<String> env, byte[] stdin, String... args) {
    return Cmd.run(command(env, args), TIMEOUT, temp, Map.of(), stdin);
  }

  /** Runs the launcher with stdout to {@code out} (bytes, not text); fails unless it exits 0. */
  private void shell(List<String> env, Path out, String... args) throws Exception {
    Process p = new ProcessBuilder(command(env, args)).directory(temp.toFile())
        .redirectInput(new File("/dev/null")).redirectOutput(out.toFile())
        .redirectError(temp.resolve("shell.err").toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(read(temp.resolve("shell.err"))).isZero();
  }

  /**
   * Starts the launcher in the background with SIGINT at its default action, as in a terminal. A
   * process started under a non-interactive shell's background job (as a CI runner may start Maven)
   * inherits SIGINT ignored, and a JVM keeps an inherited ignore (as nohup means it to), so without
   * this the test would measure how it was started rather than what Ctrl-C does.
   */
  private Process start(Path err, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\\n\"", "--"));
    cmd.addAll(command(List.of(), args));
    return new ProcessBuilder(cmd).directory(temp.toFile())
        .redirectInput(new File("/dev/null")).redirectOutput(temp.resolve("bg.out").toFile())
        .redirectError(err.toFile()).start();
  }

  private long serverPid() {
    String status = launch(List.of(), "server", "status").assertSuccess().stdout();
    Matcher m = PID.matcher(status);
    assertThat(m.find()).as(status).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Server JVMs whose socket lies in this test's runtime dir. */
  private List<ProcessHandle> serverProcesses() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(Client.SERVER_CLASS + " " + xdg))
        .toList();
  }

  private Path onlySocket() throws IOException {
    try (Stream<Path> files = Files.list(xdg.resolve("multiarch-build"))) {
      List<Path> sockets = files.filter(f -> f.toString().endsWith(".sock")).toList();
      assertThat(sockets).hasSize(1);
      return sockets.get(0);
    }
  }

  private Path log() {
    try (Stream<Path> files = Files.list(xdg.resolve("multiarch-build"))) {
      Optional<Path> log = files.filter(f -> f.toString().endsWith(".log")).findFirst();
      return log.orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(jarDir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("multiarch-build.jar.")).toList();
    }
  }

  /** A container of this test's builds: their bundles live under its cache dir. */
  private boolean runcListsOurs() {
    return Cmd.run(TestEnvironment.RUNC, "list").assertSuccess().stdout().contains(cache.toString());
  }

  /** Each entry of a tar: name, mode, link, and its content's hash (everything but times). */
  private static List<String> tarEntries(Path tar) throws Exception {
    List<String> entries = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] content = in.readAllBytes();
        entries.add(e.getName() + " " + Integer.toOctalString(e.getMode()) + " " + e.getLinkName() + " "
            + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
      }
    }
    return entries;
  }

  private static List<String> errorLines(Cmd.Result r) {
    return r.stderr().lines().filter(l -> l.startsWith("error:")).toList();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits (bounded: a broken build fails rather than hangs) until the condition holds. */
  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 3 minutes for: " + what);
      }
      Thread.sleep(100);
    }
  }
}
