package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.BaseImages;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RuncExecutor against real runc, qemu binfmt and the test busybox image's root file systems. */
class RuncExecutorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger COPIES = new AtomicInteger();

  /** Pristine root file systems, unpacked once; every test runs on its own copy. */
  private static Path images;

  @TempDir
  Path tmp;

  private Path stateDir;
  private RuncExecutor executor;

  @BeforeAll
  static void unpackImages() throws Exception {
    TestEnvironment.requireRunc();
    images = Files.createTempDirectory("runc-executor-it");
    BaseImages.unpackRootfs("amd64", images, images.resolve("amd64"));
    BaseImages.unpackRootfs("arm64", images, images.resolve("arm64"));
  }

  @AfterAll
  static void removeImages() {
    if (images != null) {
      Cmd.run("rm", "-rf", images.toString());
    }
  }

  @BeforeEach
  void newExecutor() {
    stateDir = tmp.resolve("state");
    executor = RuncExecutor.create(stateDir, System.getenv());
  }

  @AfterEach
  void nothingLeftBehind() throws Exception {
    assertNoContainerOrMountUnder(stateDir);
  }

  private Path rootfs(String arch) {
    Path copy = tmp.resolve("rootfs-" + arch + "-" + COPIES.incrementAndGet());
    Cmd.runChecked("cp", "-a", images.resolve(arch).toString(), copy.toString());
    return copy;
  }

  private Run run(ExecRequest request) throws Exception {
    Run r = new Run();
    r.result = executor.run(request, r, null);
    return r;
  }

  private Run sh(String script) throws Exception {
    return run(ExecRequest.of(rootfs("amd64"), ProcessSpec.of("/bin/sh", "-c", script), Platform.LINUX_AMD64));
  }

  @Test
  void run_amd64_echoesAndReportsX8664() throws Exception {
    Run r = sh("echo hello; uname -m");
    assertThat(r.result.succeeded()).as(r.describe()).isTrue();
    assertThat(r.stdout()).isEqualTo("hello\nx86_64\n");
  }

  @Test
  void run_noPivot_runsTheSameWay() throws Exception {
    // what a chroot-ed CI host gets (PivotRoot): runc moves the root with MS_MOVE + chroot instead
    RuncExecutor noPivot = new RuncExecutor(Path.of(TestEnvironment.RUNC), stateDir, true);
    Run r = new Run();
    r.result = noPivot.run(request("echo $$; uname -m; touch /made").build(), r, null);
    assertThat(r.stdout()).as(r.describe()).isEqualTo("1\nx86_64\n");
  }

  @Test
  void run_arm64_runsThroughQemuAndReportsAarch64() throws Exception {
    TestEnvironment.requireQemuBinfmt("aarch64");
    Run r = run(ExecRequest.of(rootfs("arm64"), ProcessSpec.of("/bin/sh", "-c", "echo hello; uname -m"),
        Platform.LINUX_ARM64));
    assertThat(r.result.succeeded()).as(r.describe()).isTrue();
    assertThat(r.stdout()).isEqualTo("hello\naarch64\n");
  }

  @Test
  void run_failingProcess_returnsItsExitCodeAndBuildKitsMessage() throws Exception {
    Run r = sh("echo about to fail; exit 2");
    assertThat(r.result.exitCode()).isEqualTo(2);
    assertThat(r.result.succeeded()).isFalse();
    assertThat(r.result.failureMessage(List.of("/bin/sh", "-c", "echo about to fail; exit 2")))
        .isEqualTo("process \"/bin/sh -c echo about to fail; exit 2\" did not complete successfully: exit code: 2");
    assertThat(r.stdout()).isEqualTo("about to fail\n");
  }

  @Test
  void run_missingExecutable_reportsRuncsError() throws Exception {
    Run r = run(ExecRequest.of(rootfs("amd64"), ProcessSpec.of("no-such-tool"), Platform.LINUX_AMD64));
    assertThat(r.result.succeeded()).isFalse();
    assertThat(r.result.runtimeError()).contains("\"no-such-tool\": executable file not found in $PATH");
    assertThat(r.result.failureMessage(List.of("no-such-tool")))
        .startsWith("process \"no-such-tool\" did not complete successfully: ");
  }

  @Test
  void run_userByName_runsWithPasswdIds() throws Exception {
    Run r = run(request("id").withProcess(p -> p.withUser("app")));
    assertThat(r.stdout()).as(r.describe()).startsWith("uid=1000(app) gid=1000(app)");
  }

  @Test
  void run_userByNumbers_runsWithThoseIds() throws Exception {
    Run r = run(request("id").withProcess(p -> p.withUser("65534:65534")));
    assertThat(r.stdout()).as(r.describe()).startsWith("uid=65534(nobody) gid=65534(nogroup)");
  }

  @Test
  void run_userRoot_isRoot() throws Exception {
    Run r = run(request("id").withProcess(p -> p.withUser("root")));
    assertThat(r.stdout()).as(r.describe()).startsWith("uid=0(root) gid=0(root)");
  }

  @Test
  void run_unknownUser_failsWithBuildKitsMessageBeforeStarting() {
    assertThatThrownBy(() -> run(request("id").withProcess(p -> p.withUser("foo"))))
        .isInstanceOf(UserError.class)
        .hasMessage("unable to find user foo: no matching entries in passwd file");
  }

  @Test
  void run_missingWorkdir_isCreatedOwnedByTheUser() throws Exception {
    TestRequest req = request("pwd; touch made-here").withProcess(p -> p.withCwd("/work/dir").withUser("app"));
    Run r = run(req);
    assertThat(r.stdout()).as(r.describe()).isEqualTo("/work/dir\n");
    Path dir = req.rootfs.resolve("work/dir");
    assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(1000);
    assertThat(dir.resolve("made-here")).exists();
  }

  @Test
  void run_noPathInEnv_getsTheDefaultPath() throws Exception {
    Run r = sh("echo \"$PATH\"");
    assertThat(r.stdout()).isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
  }

  @Test
  void run_explicitEnv_isPassedAndPathKept() throws Exception {
    Run r = run(request("echo \"$FOO|$PATH|$HOSTNAME\"").withProcess(
        p -> p.withEnv(List.of("FOO=bar baz", "PATH=/bin:/usr/bin"))));
    assertThat(r.stdout()).as(r.describe()).isEqualTo("bar baz|/bin:/usr/bin|buildkitsandbox\n");
  }

  @Test
  void run_stdoutAndStderr_arrivedSeparately() throws Exception {
    Run r = sh("echo to-out; echo to-err >&2; echo more-out");
    assertThat(r.stdout()).isEqualTo("to-out\nmore-out\n");
    assertThat(r.stderr()).isEqualTo("to-err\n");
  }

  @Test
  void run_process_isPid1InItsOwnProcNamespace() throws Exception {
    Run r = sh("echo $$; ls /proc | grep -c '^[0-9]'");
    // pid 1 is the shell; the only other pid is ls (grep reads /proc's list after ls printed it)
    assertThat(r.stdout()).as(r.describe()).startsWith("1\n");
    assertThat(Integer.parseInt(r.stdout().split("\n")[1].trim())).isLessThanOrEqualTo(3);
  }

  @Test
  void run_hostname_isBuildkitsandboxAndInEtcHosts() throws Exception {
    Run r = sh("hostname; cat /etc/hosts");
    assertThat(r.stdout()).as(r.describe()).startsWith("buildkitsandbox\n")
        .contains("127.0.0.1\tlocalhost buildkitsandbox");
  }

  @Test
  void run_customHostnameAndExtraHosts_areInHostsFile() throws Exception {
    Run r = run(request("hostname; echo $HOSTNAME; cat /etc/hosts")
        .withHost("builder1", List.of(new ExtraHost("registry.local", "10.1.2.3"))));
    assertThat(r.stdout()).as(r.describe()).isEqualTo("builder1\nbuilder1\n127.0.0.1\tlocalhost builder1\n"
        + "::1\tlocalhost ip6-localhost ip6-loopback\n10.1.2.3\tregistry.local\n");
  }

  @Test
  void run_resolvConf_isTheHosts() throws Exception {
    Run r = sh("cat /etc/resolv.conf");
    assertThat(r.stdout()).isEqualTo(Files.readString(Path.of("/etc/resolv.conf")));
  }

  @Test
  void run_etcHostsAndResolvConf_areReadOnly() throws Exception {
    Run r = sh("echo x >> /etc/hosts || echo hosts-ro; echo x >> /etc/resolv.conf || echo resolv-ro");
    assertThat(r.stdout()).as(r.describe()).isEqualTo("hosts-ro\nresolv-ro\n");
  }

  @Test
  void run_networkNone_hasOnlyLoopback() throws Exception {
    Run r = run(request("cat /proc/net/dev").withNetwork(NetworkMode.NONE));
    assertThat(interfaces(r.stdout())).as(r.describe()).containsExactly("lo");
  }

  @Test
  void run_networkNone_loopbackIsUp() throws Exception {
    Run r = run(request("ip -o link show lo; ping -c 1 -W 5 127.0.0.1 >/dev/null && echo ping-ok")
        .withNetwork(NetworkMode.NONE));
    assertThat(r.stdout()).as(r.describe()).contains("<LOOPBACK,UP,LOWER_UP>").endsWith("ping-ok\n");
  }

  @Test
  void run_networkDefault_sharesTheHostsInterfaces() throws Exception {
    Run r = run(request("cat /proc/net/dev"));
    assertThat(interfaces(r.stdout())).as(r.describe())
        .containsExactlyInAnyOrderElementsOf(interfaces(Files.readString(Path.of("/proc/net/dev"))));
  }

  @Test
  void run_tmpfsMount_isATmpfsWithItsSize() throws Exception {
    TestRequest req = request("grep ' /mnt/scratch ' /proc/mounts; echo data > /mnt/scratch/f && cat /mnt/scratch/f")
        .withMounts(List.of(new Mount.Tmpfs("/mnt/scratch", 8L << 20)));
    Run r = run(req);
    assertThat(r.stdout()).as(r.describe()).startsWith("tmpfs /mnt/scratch tmpfs ").contains("size=8192k")
        .endsWith("data\n");
    assertThat(req.rootfs.resolve("mnt")).doesNotExist();
  }

  @Test
  void run_readOnlyBind_cannotBeWritten() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(src.resolve("in.txt"), "from the host\n");
    Run r = run(request("cat /src/in.txt; echo x > /src/new.txt || echo write-failed")
        .withMounts(List.of(new Mount.Bind(src, "/src", true))));
    assertThat(r.stdout()).as(r.describe()).isEqualTo("from the host\nwrite-failed\n");
    assertThat(r.stderr()).contains("Read-only file system");
    assertThat(src.resolve("new.txt")).doesNotExist();
  }

  @Test
  void run_readWriteBind_writesReachTheHostDirectory() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    TestRequest req = request("echo cached > /root/.cache/x")
        .withMounts(List.of(new Mount.Bind(cache, "/root/.cache", false)));
    Run r = run(req);
    assertThat(r.result.succeeded()).as(r.describe()).isTrue();
    assertThat(cache.resolve("x")).hasContent("cached");
    assertThat(req.rootfs.resolve("root/.cache")).doesNotExist();
  }

  @Test
  void run_fileMount_hasOwnerModeAndContent() throws Exception {
    Path secret = Files.writeString(tmp.resolve("token"), "s3cret");
    Run r = run(request("stat -c '%u:%g %a' /run/secrets/token; cat /run/secrets/token")
        .withProcess(p -> p.withUser("app"))
        .withMounts(List.of(new Mount.File(secret, "/run/secrets/token", 1000, 1000, 0400))));
    assertThat(r.stdout()).as(r.describe()).isEqualTo("1000:1000 400\ns3cret");
  }

  @Test
  void run_socketFileMount_isBoundWithOwnerAndMode() throws Exception {
    Path socket = tmp.resolve("agent.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Run r = run(request("stat -c '%F %u:%g %a' /run/buildkit/ssh_agent.0")
          .withMounts(List.of(new Mount.File(socket, "/run/buildkit/ssh_agent.0", 1000, 1000, 0600))));
      assertThat(r.stdout()).as(r.describe()).isEqualTo("socket 1000:1000 600\n");
    }
  }

  @Test
  void run_writesToTheRootfs_landInTheDirectoryWithoutMountStubs() throws Exception {
    TestRequest req = request("echo built > /made-by-run; mkdir -p /opt/app && echo x > /opt/app/y");
    Run r = run(req);
    assertThat(r.result.succeeded()).as(r.describe()).isTrue();
    assertThat(req.rootfs.resolve("made-by-run")).hasContent("built");
    assertThat(req.rootfs.resolve("opt/app/y")).hasContent("x");
    // the busybox image has no /proc, /dev, /sys or /etc/hosts: runc's mount points must be gone again
    for (String stub : List.of("proc", "dev", "sys", "etc/hosts", "etc/resolv.conf")) {
      assertThat(req.rootfs.resolve(stub)).as(stub).doesNotExist();
    }
  }

  @Test
  void run_backgroundChild_endsWithTheMainProcess() throws Exception {
    // the PID namespace dies with its pid 1, so a leftover daemon cannot hold the output pipes open
    Run r = sh("sleep 1000 & echo started");
    assertThat(r.result.succeeded()).as(r.describe()).isTrue();
    assertThat(r.stdout()).isEqualTo("started\n");
  }

  @Test
  void run_stdin_isEmpty() throws Exception {
    Run r = sh("cat; echo eof");
    assertThat(r.stdout()).as(r.describe()).isEqualTo("eof\n");
  }

  @Test
  void run_root_hasDockersDefaultCapabilities() throws Exception {
    Run r = sh("grep CapEff /proc/self/status");
    assertThat(r.stdout()).as(r.describe()).isEqualTo("CapEff:\t00000000a80425fb\n");
  }

  @Test
  void run_nonRootUser_hasNoCapabilities() throws Exception {
    Run r = run(request("grep CapEff /proc/self/status; touch /root/x || echo denied")
        .withProcess(p -> p.withUser("app")));
    assertThat(r.stdout()).as(r.describe()).isEqualTo("CapEff:\t0000000000000000\ndenied\n");
  }

  @Test
  void run_sys_isMountedReadOnly() throws Exception {
    Run r = sh("grep ' /sys ' /proc/mounts; grep -c ' /sys/fs/cgroup.* ro,' /proc/mounts");
    assertThat(r.stdout()).as(r.describe()).startsWith("sysfs /sys sysfs ro,");
    assertThat(Integer.parseInt(r.stdout().lines().reduce((a, b) -> b).orElseThrow())).isPositive();
  }

  @Test
  void run_concurrentRuns_eachGetTheirOwnContainer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Run> a = pool.submit(() -> sh("sleep 1; echo A; hostname"));
      Future<Run> b = pool.submit(() -> sh("sleep 1; echo B; hostname"));
      assertThat(a.get().stdout()).isEqualTo("A\nbuildkitsandbox\n");
      assertThat(b.get().stdout()).isEqualTo("B\nbuildkitsandbox\n");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void run_sinkThrows_pipeIsStillDrainedAndTheFailureRethrown() throws Exception {
    // 1 MB is far more than a pipe buffer: an undrained pipe would block the process forever
    ExecRequest req = request("head -c 1000000 /dev/zero; echo done").build();
    assertThatThrownBy(() -> executor.run(req, (stream, chunk) -> {
      throw new IllegalStateException("sink broke");
    }, null)).isInstanceOf(IllegalStateException.class).hasMessage("sink broke");
  }

  @Test
  void run_largeOutput_arrivesCompletely() throws Exception {
    Run r = sh("head -c 3000000 /dev/zero | tr '\\0' x");
    assertThat(r.stdout()).hasSize(3_000_000).matches("x+");
  }

  @Test
  void run_cancelled_killsTheContainerAndCleansUp() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CancellationToken cancel = new CancellationToken();
    ExecRequest req = request("echo started; sleep 60").build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ExecResult> f = pool.submit(() -> executor.run(req, (stream, chunk) -> started.countDown(), cancel));
      started.await();
      assertContainersUnder(stateDir).hasSize(1);
      cancel.cancel();
      assertThatThrownBy(f::get).hasCauseInstanceOf(CancellationException.class);
    } finally {
      pool.shutdownNow();
    }
    assertNoContainerOrMountUnder(stateDir);
  }

  @Test
  void run_interrupted_killsTheContainerAndCleansUp() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    ExecRequest req = request("echo started; sleep 60").build();
    List<Throwable> thrown = new ArrayList<>();
    Thread t = new Thread(() -> {
      try {
        executor.run(req, (stream, chunk) -> started.countDown(), null);
      } catch (Throwable e) {
        thrown.add(e);
      }
    });
    t.start();
    started.await();
    t.interrupt();
    t.join();
    assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
    assertNoContainerOrMountUnder(stateDir);
  }

  // --- helpers ---

  private TestRequest request(String script) {
    return new TestRequest(rootfs("amd64"), ProcessSpec.of("/bin/sh", "-c", script));
  }

  private static List<String> interfaces(String procNetDev) {
    return procNetDev.lines().skip(2).map(l -> l.substring(0, l.indexOf(':')).trim()).toList();
  }

  private static void assertNoContainerOrMountUnder(Path dir) throws Exception {
    assertContainersUnder(dir).isEmpty();
    List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(l -> l.contains(dir.toString())).toList();
    assertThat(mounts).as("mounts under " + dir).isEmpty();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.toList()).as("bundles left in " + dir).isEmpty();
      }
    }
  }

  private static org.assertj.core.api.ListAssert<String> assertContainersUnder(Path dir) throws Exception {
    Cmd.Result list = Cmd.runChecked(TestEnvironment.RUNC, "list", "--format", "json");
    List<String> ours = new ArrayList<>();
    JsonNode containers = JSON.readTree(list.stdout().isBlank() ? "[]" : list.stdout());
    for (JsonNode c : containers) {
      if (c.path("bundle").asText().startsWith(dir.toString())) {
        ours.add(c.path("id").asText());
      }
    }
    return assertThat(ours).as("runc containers with a bundle under " + dir);
  }

  /** Output collected from a run. */
  private static final class Run implements OutputSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecResult result;

    @Override
    public synchronized void write(int stream, byte[] chunk) {
      (stream == STDOUT ? out : err).writeBytes(chunk);
    }

    synchronized String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }

    String describe() {
      return "result " + result + "\n--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }
  }

  /** A request on a fresh amd64 rootfs, built up by the test. */
  private static final class TestRequest {
    final Path rootfs;
    ProcessSpec process;
    List<Mount> mounts = List.of();
    NetworkMode network = NetworkMode.DEFAULT;
    String hostname = "";
    List<ExtraHost> extraHosts = List.of();

    TestRequest(Path rootfs, ProcessSpec process) {
      this.rootfs = rootfs;
      this.process = process;
    }

    TestRequest withProcess(java.util.function.UnaryOperator<ProcessSpec> change) {
      process = change.apply(process);
      return this;
    }

    TestRequest withMounts(List<Mount> m) {
      mounts = m;
      return this;
    }

    TestRequest withNetwork(NetworkMode n) {
      network = n;
      return this;
    }

    TestRequest withHost(String h, List<ExtraHost> extra) {
      hostname = h;
      extraHosts = extra;
      return this;
    }

    ExecRequest build() {
      return new ExecRequest(rootfs, process, Platform.LINUX_AMD64, mounts, network, hostname, extraHosts);
    }
  }

  private Run run(TestRequest request) throws Exception {
    return run(request.build());
  }
}
