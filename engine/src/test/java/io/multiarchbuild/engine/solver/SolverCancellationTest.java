package io.multiarchbuild.engine.solver;

import static io.multiarchbuild.engine.solver.TestGraph.WAIT_SECONDS;
import static io.multiarchbuild.engine.solver.TestGraph.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.multiarchbuild.engine.solver.TestGraph.MapCache;
import io.multiarchbuild.engine.solver.TestGraph.Recorder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SolverCancellationTest {
  private final TestGraph g = new TestGraph();
  private final MapCache cache = new MapCache();
  private final Solver<Long> solver = Solver.create(cache, 2);

  /** Never counted down: ops wait on it until they are cancelled (or the bound fails them). */
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void close() {
    solver.close();
  }

  /**
   * An op that blocks until cancelled, then cleans up, which waits for {@code cleanupGate}. It
   * records whether it saw the cancellation and whether its hook ran.
   */
  private final class Blocker {
    final CountDownLatch in = new CountDownLatch(1);
    final CountDownLatch cleanupStarted = new CountDownLatch(1);
    final CountDownLatch cleanupGate;
    final CountDownLatch hookRan = new CountDownLatch(1);
    final AtomicBoolean sawCancel = new AtomicBoolean();
    final AtomicBoolean cleanedUp = new AtomicBoolean();

    Blocker(boolean holdCleanup) {
      cleanupGate = new CountDownLatch(holdCleanup ? 1 : 0);
    }

    Vertex<Long> vertex(String key) {
      return g.custom(key, (ctx, inputs) -> {
        ctx.onCancel(hookRan::countDown);
        in.countDown();
        try {
          await(never, "cancellation of " + key);
        } catch (InterruptedException e) {
          sawCancel.set(ctx.isCancelled());
          cleanupStarted.countDown();
          await(cleanupGate, "the test to let cleanup finish");
          cleanedUp.set(true);
        }
        ctx.checkCancelled();
        return 0L;
      });
    }
  }

  @Test
  void solve_vertexFails_cancelsRunningSiblingAndThrowsWithTheFailedVertex() throws Exception {
    Blocker sibling = new Blocker(false);
    IOException boom = new IOException("boom");
    Vertex<Long> running = sibling.vertex("sibling");
    Vertex<Long> bad = g.custom("bad", (ctx, in) -> {
      await(sibling.in, "sibling to start");
      throw boom;
    });
    Vertex<Long> after = g.sum("after", 0, running);
    Vertex<Long> top = g.sum("top", 0, after, bad);
    Recorder events = new Recorder();

    assertThatThrownBy(() -> solver.solve(List.of(top), SolveOptions.defaults().withListener(events)))
        .isInstanceOfSatisfying(SolveException.class, e -> {
          assertThat(e.vertexKey()).isEqualTo("bad");
          assertThat(e.vertexName()).isEqualTo("custom bad");
          assertThat(e.getCause()).isSameAs(boom);
          assertThat(e.getMessage()).isEqualTo("custom bad: boom");
        });

    assertThat(sibling.sawCancel).isTrue();
    assertThat(sibling.hookRan.getCount()).as("cancel hook ran").isZero();
    assertThat(sibling.cleanedUp).as("cleanup finished before solve returned").isTrue();
    assertThat(g.execs).containsOnlyKeys("sibling", "bad");
    assertThat(events.terminals())
        .containsOnly(
            entry("sibling", "canceled"), entry("bad", "failed"), entry("after", "canceled"), entry("top", "canceled"));
    assertThat(events.of("sibling")).containsExactly("started", "canceled");
    assertThat(cache.saves).isEmpty();
  }

  @Test
  void solve_vertexFails_returnsOnlyAfterCancelledOpsFinishedCleanup() throws Exception {
    Blocker sibling = new Blocker(true);
    Vertex<Long> bad = g.custom("bad", (ctx, in) -> {
      await(sibling.in, "sibling to start");
      throw new IllegalStateException("bad");
    });
    Vertex<Long> top = g.sum("top", 0, sibling.vertex("sibling"), bad);

    CompletableFuture<Map<Vertex<Long>, Long>> solving = solveAsync(List.of(top), SolveListener.NONE);
    await(sibling.cleanupStarted, "the sibling to be cancelled");

    assertThat(solving).as("solve waits while the cancelled op cleans up").isNotDone();
    sibling.cleanupGate.countDown();
    assertThatThrownBy(() -> solving.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SolveException.class);
    assertThat(sibling.cleanedUp).isTrue();
  }

  @Test
  void solve_callerInterrupted_cancelsRunningOpsAndThrowsInterrupted() throws Exception {
    Blocker op = new Blocker(true);
    Vertex<Long> blocked = op.vertex("blocked");
    Vertex<Long> downstream = g.sum("downstream", 1, blocked);
    Recorder events = new Recorder();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        solver.solve(List.of(downstream), SolveOptions.defaults().withListener(events));
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "solve-caller");
    caller.start();
    await(op.in, "the op to start");

    caller.interrupt();
    await(op.cleanupStarted, "the op to be cancelled");
    assertThat(caller.isAlive()).as("solve waits while the cancelled op cleans up").isTrue();
    op.cleanupGate.countDown();
    caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(op.sawCancel).isTrue();
    assertThat(op.hookRan.getCount()).isZero();
    assertThat(op.cleanedUp).isTrue();
    assertThat(g.execs).containsOnlyKeys("blocked");
    assertThat(events.terminals()).containsOnly(entry("blocked", "canceled"), entry("downstream", "canceled"));
    assertThat(cache.saves).isEmpty();
  }

  @Test
  void solve_callerAlreadyInterrupted_throwsWithoutRunningAnything() {
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> solver.solve(List.of(g.constant("a", 1)))).isInstanceOf(InterruptedException.class);
    assertThat(g.totalExecs()).isZero();
  }

  @Test
  void solve_concurrentSolvesShareAVertex_itRunsOnceAndOneFailureDoesNotCancelItForTheOther()
      throws Exception {
    CountDownLatch sharedIn = new CountDownLatch(1);
    CountDownLatch releaseShared = new CountDownLatch(1);
    CountDownLatch secondAttached = new CountDownLatch(1);
    AtomicBoolean sharedCancelled = new AtomicBoolean();
    TestGraph.Body sharedBody = (ctx, in) -> {
      ctx.onCancel(() -> sharedCancelled.set(true));
      sharedIn.countDown();
      await(releaseShared, "the test to release the shared op");
      sharedCancelled.compareAndSet(false, ctx.isCancelled());
      return 40L;
    };
    // Two graphs built independently, as two builds would: only the key "shared" connects them.
    Vertex<Long> first = g.sum("first", 0, g.custom("shared", sharedBody), g.custom("bad", (ctx, in) -> {
      await(secondAttached, "the second solve to join the shared op");
      throw new IOException("first build fails");
    }));
    Vertex<Long> second = g.sum("second", 2, g.custom("shared", sharedBody));
    Recorder firstEvents = new Recorder();
    Recorder secondEvents = new Recorder(e -> {
      if (e.equals("started shared")) {
        secondAttached.countDown();
      }
    });

    CompletableFuture<Map<Vertex<Long>, Long>> firstSolve = solveAsync(List.of(first), firstEvents);
    await(sharedIn, "the shared op to start");
    CompletableFuture<Map<Vertex<Long>, Long>> secondSolve = solveAsync(List.of(second), secondEvents);

    assertThatThrownBy(() -> firstSolve.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(SolveException.class, e -> assertThat(e.vertexKey()).isEqualTo("bad"));
    assertThat(secondSolve).isNotDone();
    releaseShared.countDown();

    assertThat(secondSolve.get(WAIT_SECONDS, TimeUnit.SECONDS)).containsEntry(second, 42L);
    assertThat(sharedCancelled).isFalse();
    assertThat(g.execs("shared")).isEqualTo(1);
    assertThat(firstEvents.of("shared")).containsExactly("started", "canceled");
    assertThat(secondEvents.of("shared")).containsExactly("started", "completed");
    assertThat(secondEvents.terminals()).containsOnly(entry("shared", "completed"), entry("second", "completed"));
  }

  @Test
  void solve_afterAFailure_queuedVerticesDoNotStart() throws Exception {
    // One worker, FIFO: "bad" is queued before "other", so "other" is still queued when "bad" fails.
    Vertex<Long> top = g.sum("top", 0, g.failing("bad", new IOException("no"), () -> {}), g.constant("other", 1));
    Recorder events = new Recorder();
    try (Solver<Long> single = Solver.create(cache, 1)) {
      assertThatThrownBy(() -> single.solve(List.of(top), SolveOptions.defaults().withListener(events)))
          .isInstanceOf(SolveException.class);
    }

    assertThat(g.execs).containsOnlyKeys("bad");
    assertThat(events.terminals())
        .containsOnly(entry("bad", "failed"), entry("other", "canceled"), entry("top", "canceled"));
  }

  @Test
  void solve_opThrowsWrappedException_causeIsUnwrapped() {
    IOException real = new IOException("disk full");
    Vertex<Long> bad = g.custom("bad", (ctx, in) -> {
      throw new ExecutionException(new java.util.concurrent.CompletionException(real));
    });

    assertThatThrownBy(() -> solver.solve(List.of(bad)))
        .isInstanceOfSatisfying(SolveException.class, e -> assertThat(e.getCause()).isSameAs(real));
  }

  @Test
  void solve_cacheLoadFails_failsTheVertex() {
    ResultCache<Long> broken = new ResultCache<>() {
      @Override
      public java.util.Optional<Long> load(String cacheKey) throws IOException {
        throw new IOException("cache unreadable");
      }

      @Override
      public void save(String cacheKey, Long result) {}
    };
    try (Solver<Long> s = Solver.create(broken, 2)) {
      assertThatThrownBy(() -> s.solve(List.of(g.constant("a", 1))))
          .isInstanceOfSatisfying(SolveException.class, e -> {
            assertThat(e.vertexKey()).isEqualTo("a");
            assertThat(e.getCause()).hasMessage("cache unreadable");
          });
    }
    assertThat(g.totalExecs()).isZero();
  }

  @Test
  void solve_listenerThrows_cancelsTheSolveAndRethrows() throws Exception {
    Blocker op = new Blocker(false);
    IllegalStateException listenerBug = new IllegalStateException("listener bug");
    SolveListener throwing = new SolveListener() {
      @Override
      public void vertexStarted(String key, String name) {
        throw listenerBug;
      }
    };

    assertThatThrownBy(() -> solver.solve(List.of(op.vertex("blocked")), SolveOptions.defaults().withListener(throwing)))
        .isSameAs(listenerBug);
    assertThat(op.sawCancel).isTrue();
    assertThat(op.cleanedUp).isTrue();
  }

  @Test
  void execContext_hookAfterCancellation_runsImmediately_andClosedHookNeverRuns() {
    NodeContext ctx = new NodeContext("k", "name");
    AtomicBoolean removed = new AtomicBoolean();
    ctx.onCancel(() -> removed.set(true)).close();

    List<Runnable> hooks = ctx.cancel();
    hooks.forEach(Runnable::run);
    AtomicBoolean late = new AtomicBoolean();
    ctx.onCancel(() -> late.set(true));

    assertThat(removed).isFalse();
    assertThat(hooks).isEmpty();
    assertThat(late).isTrue();
    assertThat(ctx.isCancelled()).isTrue();
    assertThat(ctx.cancel()).as("hooks run once").isEmpty();
    assertThatThrownBy(ctx::checkCancelled).isInstanceOf(CancellationException.class).hasMessageContaining("name");
  }

  private CompletableFuture<Map<Vertex<Long>, Long>> solveAsync(List<Vertex<Long>> targets, SolveListener listener) {
    CompletableFuture<Map<Vertex<Long>, Long>> future = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        future.complete(solver.solve(targets, SolveOptions.defaults().withListener(listener)));
      } catch (Throwable e) {
        future.completeExceptionally(e);
      }
    }, "solve-" + targets.get(0).key());
    t.setDaemon(true);
    t.start();
    return future;
  }
}
