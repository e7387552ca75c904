package io.multiarchbuild.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a RUN step with runc, as BuildKit's runc worker does: one bundle directory per run under the
 * state directory (config.json, generated hosts and resolv.conf, copies of file mounts), {@code runc
 * run} in the foreground with the process's stdout and stderr piped straight through to the sink,
 * and everything — the container, the bundle, mount stubs in the root file system — removed
 * afterwards, whatever happened. Cancellation and interruption kill the container with SIGKILL.
 */
public final class RuncExecutor implements Executor {

  /** Where runc is looked for besides PATH (a JVM started by a service often has no sbin on PATH). */
  private static final List<String> RUNTIME_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
      "/usr/bin", "/sbin", "/bin");
  private static final String CONTAINER_PREFIX = "mab-";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path runtime;
  private final Path stateDir;
  private final boolean noPivot;

  /**
   * @param runtime the runc (or crun) binary
   * @param stateDir a directory for the per-run bundles; created when missing
   */
  public RuncExecutor(Path runtime, Path stateDir) {
    this(runtime, stateDir, PivotRoot.unsupported());
  }

  /** @param noPivot run with {@code --no-pivot} (see {@link PivotRoot}); decided from the host otherwise */
  RuncExecutor(Path runtime, Path stateDir, boolean noPivot) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath();
    this.noPivot = noPivot;
  }

  /**
   * An executor using the {@code runc} found on the caller's {@code PATH} (of {@code env}, not the
   * JVM's: a build server serves callers with different ones) or in the usual sbin/bin directories.
   *
   * @throws ExecError when there is no runc
   */
  public static RuncExecutor create(Path stateDir, Map<String, String> env) {
    return new RuncExecutor(findRuntime("runc", env.get("PATH")), stateDir);
  }

  static Path findRuntime(String name, String path) {
    List<String> dirs = new ArrayList<>();
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(RUNTIME_DIRS);
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new ExecError(name + " not found: install it (apt-get install runc) or run scripts/test-env.sh");
  }

  @Override
  public ExecResult run(ExecRequest request, OutputSink output, CancellationToken cancel) throws InterruptedException {
    if (cancel != null && cancel.isCancelled()) {
      throw new CancellationException("cancelled before the container was started");
    }
    Emulation.check(request.platform());
    if (!Files.isDirectory(request.rootfs())) {
      throw new IllegalArgumentException("root file system is not a directory: " + request.rootfs());
    }
    if (!Files.isExecutable(runtime)) {
      throw new ExecError(runtime + " not found: install it (apt-get install runc) or run scripts/test-env.sh");
    }
    String id = newId();
    Path bundle = stateDir.resolve(id);
    MountStubs stubs = null;
    try {
      Files.createDirectories(stateDir);
      Files.createDirectory(bundle, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      UserResolver.ResolvedUser user = UserResolver.resolve(request.rootfs(), request.process().user());
      Path hosts = bundle.resolve("hosts");
      Files.writeString(hosts, hostsFile(request.hostname(), request.extraHosts()));
      Path resolvConf = bundle.resolve("resolv.conf");
      Files.write(resolvConf, BundleFiles.resolvConf());
      Map<Mount.File, Path> fileSources = BundleFiles.prepareFileMounts(bundle, request.mounts());
      BundleFiles.createWorkingDirectory(request.rootfs(), request.process().cwd(), user.uid(), user.gid());
      stubs = MountStubs.before(request.rootfs(), RuntimeSpec.mountTargets(request));
      JSON.writerWithDefaultPrettyPrinter().writeValue(bundle.resolve("config.json").toFile(),
          RuntimeSpec.build(request, user, hosts, resolvConf, fileSources));
      return runContainer(id, bundle, output, cancel);
    } catch (IOException e) {
      throw new UncheckedIOException("preparing the container for " + request.process().args(), e);
    } finally {
      runQuietly(List.of(runtime.toString(), "delete", "--force", id));
      if (stubs != null) {
        stubs.clean();
      }
      BundleFiles.deleteTree(bundle);
    }
  }

  private static String newId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return CONTAINER_PREFIX + HexFormat.of().formatHex(bytes);
  }

  private ExecResult runContainer(String id, Path bundle, OutputSink output, CancellationToken cancel)
      throws IOException, InterruptedException {
    Path log = bundle.resolve("runc-log.json");
    List<String> command = new ArrayList<>(List.of(runtime.toString(), "--log", log.toString(), "--log-format", "json",
        "run", "--bundle", bundle.toString()));
    if (noPivot) {
      command.add("--no-pivot");
    }
    command.add(id);
    Process process = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    Pump out = new Pump(process.getInputStream(), OutputSink.STDOUT, output, id);
    Pump err = new Pump(process.getErrorStream(), OutputSink.STDERR, output, id);
    CancellationToken token = cancel == null ? new CancellationToken() : cancel;
    boolean interrupted = false;
    try {
      // poll rather than block: cancellation may arrive on another thread, and a kill sent before runc
      // created the container is lost, so it is repeated until runc exits
      int kills = 0;
      while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
        if (token.isCancelled()) {
          kill(id);
          giveUpOnRunc(id, process, ++kills);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      int kills = 0;
      while (process.isAlive()) {
        kill(id);
        waitUninterruptibly(process);
        giveUpOnRunc(id, process, ++kills);
      }
    }
    out.finish();
    err.finish();
    if (interrupted) {
      throw new InterruptedException("interrupted while running container " + id);
    }
    if (token.isCancelled()) {
      throw new CancellationException("container " + id + " was cancelled");
    }
    return new ExecResult(process.exitValue(), runtimeError(log));
  }

  private void kill(String id) {
    runQuietly(List.of(runtime.toString(), "kill", id, "KILL"));
  }

  /**
   * A runc that ignores kills for half a minute is stuck (e.g. in a hung mount); stop waiting for it,
   * and force the container away so nothing keeps the output pipes open.
   */
  private void giveUpOnRunc(String id, Process process, int kills) {
    if (kills >= 300) {
      process.destroyForcibly();
      runQuietly(List.of(runtime.toString(), "delete", "--force", id));
    }
  }

  private static void waitUninterruptibly(Process process) {
    try {
      process.waitFor(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // keep killing; the caller restores the interrupt by throwing InterruptedException
    }
  }

  /**
   * Copies one of runc's output pipes to the sink. If the sink throws, the pipe is still drained (a
   * process blocked on a full pipe would never exit) and the failure is rethrown after the run.
   */
  private static final class Pump extends Thread {
    private final InputStream in;
    private final int stream;
    private final OutputSink sink;
    private volatile RuntimeException sinkFailure;

    Pump(InputStream in, int stream, OutputSink sink, String id) {
      super(id + (stream == OutputSink.STDOUT ? "-stdout" : "-stderr"));
      this.in = in;
      this.stream = stream;
      this.sink = sink;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      byte[] buf = new byte[32 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (n > 0 && sinkFailure == null) {
            try {
              sink.write(stream, Arrays.copyOf(buf, n));
            } catch (RuntimeException e) {
              sinkFailure = e;
            }
          }
        }
      } catch (IOException e) {
        // the pipe closes when runc exits; nothing more to read
      }
    }

    void finish() throws InterruptedException {
      join();
      if (sinkFailure != null) {
        throw sinkFailure;
      }
    }
  }

  /** runc's own error (it failed to start the process), from its JSON log; empty when there is none. */
  private static String runtimeError(Path log) {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    String last = "";
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = JSON.readTree(line);
        if (entry.path("level").asText().equals("error") || entry.path("level").asText().equals("fatal")) {
          last = entry.path("msg").asText();
        }
      }
    } catch (IOException e) {
      return "";
    }
    return last;
  }

  /** Runs a runc housekeeping command, ignoring its outcome (the container may already be gone). */
  private static void runQuietly(List<String> command) {
    try {
      Process p = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      boolean interrupted = false;
      while (true) {
        try {
          p.waitFor();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } catch (IOException e) {
      // runtime vanished; nothing to clean with it
    }
  }

  /** BuildKit's hosts file: localhost with the hostname, IPv6 localhost, then {@code --add-host} lines. */
  static String hostsFile(String hostname, List<ExtraHost> extraHosts) {
    StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost ").append(hostname)
        .append("\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    extraHosts.forEach(h -> b.append(h.ip()).append('\t').append(h.host()).append('\n'));
    return b.toString();
  }
}
