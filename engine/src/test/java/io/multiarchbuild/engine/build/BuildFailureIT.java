package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressEvent;
import io.multiarchbuild.engine.progress.ProgressSink;
import io.multiarchbuild.engine.progress.VertexEvent;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failing builds name what failed in one line; a cancelled build leaves nothing running or mounted. */
class BuildFailureIT {

  @TempDir static Path cacheDir;
  /** Caches of tests that need one of their own (a cache dir holds nothing but cache entries). */
  @TempDir static Path otherCaches;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
  }

  private static Path dockerfile(Path ctx, String body) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\n" + body);
    return ctx;
  }

  @Test
  void failingRun_messageHasCommandExitCodeAndLastOutput(@TempDir Path ctx) throws Exception {
    dockerfile(ctx, "RUN echo first-line; echo second-line >&2; exit 3\n");
    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("RUN echo first-line")
        .hasMessageContaining("exit code: 3")
        .hasMessageContaining("first-line")
        .hasMessageContaining("second-line")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void copyOfMissingFile_messageNamesIt(@TempDir Path ctx) throws Exception {
    dockerfile(ctx, "COPY no-such-file.txt /x\n");
    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("no-such-file.txt")
        .hasMessageContaining("not found")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void copyFromUnknownStage_messageNamesIt(@TempDir Path ctx) throws Exception {
    dockerfile(ctx, "COPY --from=nosuchstage /x /x\n");
    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("nosuchstage")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void cancel_duringRun_leavesNoContainerAndNoMount(@TempDir Path ctx) throws Exception {
    dockerfile(ctx, "RUN sleep 300\n");
    Path cache = Files.createDirectories(otherCaches.resolve("cancel"));
    CountDownLatch running = new CountDownLatch(1);
    ProgressSink sink = new ProgressSink() {
      @Override
      public void accept(ProgressEvent event) {
        if (event instanceof VertexEvent v && v.name().contains("sleep 300") && v.started() != null) {
          running.countDown();
        }
      }

      @Override
      public void close() {}
    };
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread build = new Thread(() -> {
      try {
        Build.run(request(ctx, cache, Platform.LINUX_AMD64).build(), sink);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    build.start();
    running.await();
    build.interrupt();
    build.join();

    assertThat(failure.get()).isInstanceOf(UserError.class).hasMessageContaining("canceled");
    // runc's container list is machine-wide (other tests may run containers): look for ours, whose
    // bundles live under this build's cache dir.
    assertThat(Cmd.run(TestEnvironment.RUNC, "list").assertSuccess().stdout()).doesNotContain(cache.toString());
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(cache.toString());
  }

  @Test
  void twoConcurrentBuilds_oneCacheDir_bothSucceed(@TempDir Path a, @TempDir Path b) throws Exception {
    dockerfile(a, "RUN echo a > /a.txt\nCOPY . /ctx/\n");
    dockerfile(b, "RUN echo b > /b.txt\nCOPY . /ctx/\n");
    Files.writeString(a.resolve("f"), "a");
    Files.writeString(b.resolve("f"), "b");
    Path cache = Files.createDirectories(otherCaches.resolve("concurrent"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<BuildResult> ra = pool.submit(() -> run(request(a, cache, Platform.LINUX_AMD64).build()));
      Future<BuildResult> rb = pool.submit(() -> run(request(b, cache, Platform.LINUX_AMD64).build()));
      assertThat(ra.get().digest()).isNotEqualTo(rb.get().digest());
    } finally {
      pool.shutdownNow();
    }
  }
}
