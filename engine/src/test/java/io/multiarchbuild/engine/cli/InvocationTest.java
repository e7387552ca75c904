package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands take the caller's directory, environment and streams from the {@link Invocation}, not the JVM. */
class InvocationTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String stdin, String... args) {
    return Main.run(TestInvocations.of(dir, env, stdin, out, err), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void new_relativeWorkingDir_isRejected() {
    assertThatThrownBy(() -> new Invocation(Path.of("relative/dir"), Map.of(), InputStream.nullInputStream(),
        System.out, System.err, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relative/dir");
  }

  @Test
  void new_copiesTheEnvironment() {
    java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("A", "1"));
    Invocation i = TestInvocations.of(dir, env, "", out, err);
    env.put("A", "2");
    assertThat(i.env("A")).isEqualTo("1");
    assertThat(i.resolve("x/y")).isEqualTo(dir.resolve("x/y"));
  }

  @Test
  void dockerfileParse_dash_readsTheInvocationsStdin() {
    int code = run(Map.of(), "FROM scratch\nRUN echo from-the-callers-stdin\n",
        "dockerfile", "parse", "--format", "text", "-f", "-");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out()).contains("from-the-callers-stdin");
  }

  @Test
  void dockerfileParse_relativeFile_isReadFromTheInvocationsDirectory() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/Other.Dockerfile"), "FROM scratch\nRUN echo in-the-callers-dir\n");

    int code = run(Map.of(), "", "dockerfile", "parse", "--format", "text", "-f", "sub/Other.Dockerfile");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out()).contains("in-the-callers-dir");
  }

  @Test
  void plan_relativeContext_andBareBuildArg_comeFromTheInvocation() throws Exception {
    Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(dir.resolve("ctx/Dockerfile"), "ARG BASE=nothing\nFROM ${BASE}\n");

    int code = run(Map.of("BASE", "scratch"), "", "plan", "--build-arg", "BASE", "ctx");

    // with BASE unset the FROM would name an image "nothing", which the planner would have to resolve
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out()).contains("scratch").doesNotContain("nothing");
  }

  @Test
  void du_withoutCacheDir_usesTheInvocationsXdgCacheHome() {
    Path xdg = dir.resolve("xdg");

    int code = run(Map.of("XDG_CACHE_HOME", xdg.toString()), "", "du");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(xdg.resolve("multiarch-build")).isDirectory();
  }

  @Test
  void prune_relativeCacheDir_andConfirmation_comeFromTheInvocation() {
    int code = run(Map.of(), "y\n", "prune", "--cache-dir", "rel-cache");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out()).startsWith(PruneCommand.WARNING).contains("Total");
    assertThat(dir.resolve("rel-cache")).isDirectory();
  }

  @Test
  void prune_answerNo_removesNothingAndLeavesTheCacheUnopened() {
    int code = run(Map.of(), "n\n", "prune", "--cache-dir", "rel-cache");

    assertThat(code).isZero();
    assertThat(out()).isEqualTo(PruneCommand.WARNING);
    assertThat(dir.resolve("rel-cache")).doesNotExist();
  }

  @Test
  void prune_interruptedWhileWaitingForAnAnswer_returnsWithoutRemoving() throws Exception {
    // stdin that never ends: a caller that does not answer
    PipedOutputStream keepOpen = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(keepOpen);
    CountDownLatch prompted = new CountDownLatch(1);
    PrintStream stdout = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) {
        out.write(b);
        if (out().contains("[y/N]")) {
          prompted.countDown();
        }
      }
    }, true, StandardCharsets.UTF_8);
    Invocation invocation = new Invocation(dir, Map.of(), stdin, stdout,
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    AtomicInteger code = new AtomicInteger(-1);
    Thread runner = new Thread(() -> code.set(Main.run(invocation, new String[] {"prune", "--cache-dir", "c"})));
    runner.start();
    prompted.await();
    runner.interrupt();
    runner.join();

    assertThat(code.get()).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("canceled");
    assertThat(dir.resolve("c")).doesNotExist();
    keepOpen.close();
  }

  @Test
  void ofProcess_isThisProcess() throws IOException {
    Invocation p = Invocation.ofProcess();
    assertThat(p.workingDir()).isAbsolute().isEqualTo(Path.of("").toAbsolutePath());
    assertThat(p.env()).isEqualTo(System.getenv());
    assertThat(p.stdout()).isSameAs(System.out);
  }

  @Test
  void canceled_anInterruptWrappedByTheCommand_isACancelNotABug() {
    assertThat(Main.canceled(new IllegalStateException("interrupted while uploading blobs",
        new InterruptedException()))).isTrue();
    assertThat(Main.canceled(new RuntimeException(new java.io.InterruptedIOException("interrupted")))).isTrue();
    assertThat(Main.canceled(new IllegalStateException("a bug"))).isFalse();
  }
}
