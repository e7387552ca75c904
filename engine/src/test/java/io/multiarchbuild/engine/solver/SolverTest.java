package io.multiarchbuild.engine.solver;

import static io.multiarchbuild.engine.solver.TestGraph.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.multiarchbuild.engine.solver.TestGraph.MapCache;
import io.multiarchbuild.engine.solver.TestGraph.Recorder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SolverTest {
  private final TestGraph g = new TestGraph();
  private final MapCache cache = new MapCache();
  private Solver<Long> solver = Solver.create(cache, 4);

  @AfterEach
  void close() {
    solver.close();
  }

  @Test
  void solve_diamond_executesSharedVertexOnce() throws Exception {
    Vertex<Long> a = g.constant("a", 1);
    Vertex<Long> b = g.sum("b", 10, a);
    Vertex<Long> c = g.sum("c", 100, a);
    Vertex<Long> d = g.sum("d", 0, b, c);

    Map<Vertex<Long>, Long> results = solver.solve(List.of(d));

    assertThat(results).containsExactly(entry(d, 112L));
    assertThat(g.execs("a")).isEqualTo(1);
    assertThat(g.totalExecs()).isEqualTo(4);
  }

  @Test
  void solve_twoPlatformGraphsSharingAKey_executeTheSharedVertexOnce() throws Exception {
    // Each platform's graph has its own vertex objects; only the keys say they are the same.
    Vertex<Long> amd64 = g.sum("run-amd64", 1, g.sum("copy", 0, g.constant("context", 5)));
    Vertex<Long> arm64 = g.sum("run-arm64", 2, g.sum("copy", 0, g.constant("context", 5)));

    Map<Vertex<Long>, Long> results = solver.solve(List.of(amd64, arm64));

    assertThat(results).containsExactly(entry(amd64, 6L), entry(arm64, 7L));
    assertThat(g.execs("context")).isEqualTo(1);
    assertThat(g.execs("copy")).isEqualTo(1);
  }

  @Test
  void solve_targetsInOrder_includingATargetThatIsAlsoAnInput() throws Exception {
    Vertex<Long> a = g.constant("a", 3);
    Vertex<Long> b = g.sum("b", 1, a);

    Map<Vertex<Long>, Long> results = solver.solve(List.of(b, a));

    assertThat(results).containsExactly(entry(b, 4L), entry(a, 3L));
    assertThat(g.totalExecs()).isEqualTo(2);
  }

  @Test
  void solve_noTargets_returnsEmpty() throws Exception {
    assertThat(solver.solve(List.of())).isEmpty();
  }

  @Test
  void solve_independentVertices_runConcurrently() throws Exception {
    // Each op waits for the other to have started: run one after the other, this would deadlock,
    // and the bounded wait turns that into a failure.
    CountDownLatch leftIn = new CountDownLatch(1);
    CountDownLatch rightIn = new CountDownLatch(1);
    Vertex<Long> left = g.custom("left", (ctx, in) -> {
      leftIn.countDown();
      await(rightIn, "right to start while left runs");
      return 1L;
    });
    Vertex<Long> right = g.custom("right", (ctx, in) -> {
      rightIn.countDown();
      await(leftIn, "left to start while right runs");
      return 2L;
    });
    Vertex<Long> both = g.sum("both", 0, left, right);

    assertThat(solver.solve(List.of(both))).containsEntry(both, 3L);
  }

  @Test
  void solve_parallelism_boundsConcurrentExecs() throws Exception {
    solver.close();
    solver = Solver.create(cache, 3);
    AtomicInteger current = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    // The first three ops hold until three are in, so the bound is also reached, not just kept.
    CountDownLatch threeIn = new CountDownLatch(3);
    Vertex<Long>[] ops = new Vertex[12];
    for (int i = 0; i < ops.length; i++) {
      long value = i;
      ops[i] = g.custom("op" + i, (ctx, in) -> {
        max.accumulateAndGet(current.incrementAndGet(), Math::max);
        threeIn.countDown();
        await(threeIn, "three ops running at once");
        current.decrementAndGet();
        return value;
      });
    }
    Vertex<Long> all = g.sum("all", 0, ops);

    assertThat(solver.solve(List.of(all))).containsEntry(all, 66L);
    assertThat(max.get()).isEqualTo(3);
    assertThat(solver.parallelism()).isEqualTo(3);
  }

  @Test
  void solve_defaultParallelism_isTheProcessorCount() {
    try (Solver<Long> s = Solver.create(ResultCache.none())) {
      assertThat(s.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
  }

  @Test
  void solve_cacheHitOnTarget_skipsExecAndInputs() throws Exception {
    solver.solve(List.of(g.sum("c", 1, g.sum("b", 1, g.constant("a", 1)))));
    assertThat(cache.saves).hasSize(3);
    cache.loads.clear();

    TestGraph warm = new TestGraph();
    Vertex<Long> c = warm.sum("c", 1, warm.sum("b", 1, warm.constant("a", 1)));
    Recorder events = new Recorder();
    Map<Vertex<Long>, Long> results = solver.solve(List.of(c), SolveOptions.defaults().withListener(events));

    assertThat(results).containsEntry(c, 3L);
    assertThat(warm.totalExecs()).isZero();
    assertThat(cache.loads).as("only the target is looked up").hasSize(1);
    assertThat(events.terminals()).containsOnly(entry("a", "cached"), entry("b", "cached"), entry("c", "cached"));
    assertThat(events.events).noneMatch(e -> e.startsWith("started"));
  }

  @Test
  void solve_cacheMissOnTargetHitOnInput_executesOnlyTheTarget() throws Exception {
    solver.solve(List.of(g.sum("b", 1, g.constant("a", 1))));

    TestGraph warm = new TestGraph();
    Vertex<Long> c = warm.sum("c", 1, warm.sum("b", 1, warm.constant("a", 1)));
    Recorder events = new Recorder();
    Map<Vertex<Long>, Long> results = solver.solve(List.of(c), SolveOptions.defaults().withListener(events));

    assertThat(results).containsEntry(c, 3L);
    assertThat(warm.execs).containsOnlyKeys("c");
    assertThat(events.of("c")).containsExactly("started", "completed");
    assertThat(events.terminals()).containsEntry("a", "cached").containsEntry("b", "cached");
  }

  @Test
  void solve_cacheKeyDependsOnInputCacheKeys_notJustTheDefinitionKey() throws Exception {
    // Same definition key "b", but one input's content differs: the content-keyed input makes the
    // difference visible to every vertex downstream.
    AtomicLong content = new AtomicLong(1);
    solver.solve(List.of(g.sum("b", 0, g.contentKeyed("copy", g.volatileSource("ctx", content::get)))));
    content.set(2);
    TestGraph second = new TestGraph();
    Vertex<Long> b = second.sum("b", 0, second.contentKeyed("copy", second.volatileSource("ctx", content::get)));

    assertThat(solver.solve(List.of(b))).containsEntry(b, 2L);
    assertThat(second.execs).containsOnlyKeys("ctx", "copy", "b");
  }

  @Test
  void solve_contentKeyedVertex_runsOnlyItsContentInputsOnAHit() throws Exception {
    AtomicLong context = new AtomicLong(7);
    solver.solve(List.of(g.contentKeyed("copy", g.volatileSource("ctx", context::get), g.constant("base", 100))));
    assertThat(g.execs).containsOnlyKeys("ctx", "base", "copy");

    TestGraph warm = new TestGraph();
    Vertex<Long> copy = warm.contentKeyed("copy", warm.volatileSource("ctx", context::get), warm.constant("base", 100));
    Recorder events = new Recorder();
    Map<Vertex<Long>, Long> results = solver.solve(List.of(copy), SolveOptions.defaults().withListener(events));

    assertThat(results).containsEntry(copy, 107L);
    assertThat(warm.execs).as("the context is transferred, the base image is not pulled").containsOnlyKeys("ctx");
    assertThat(warm.contentKeys("copy")).isEqualTo(1);
    assertThat(events.terminals())
        .containsOnly(entry("ctx", "completed"), entry("base", "cached"), entry("copy", "cached"));
  }

  @Test
  void solve_contentKeyedVertex_changedContent_misses() throws Exception {
    AtomicLong context = new AtomicLong(7);
    solver.solve(List.of(g.contentKeyed("copy", g.volatileSource("ctx", context::get), g.constant("base", 100))));
    context.set(8);

    TestGraph changed = new TestGraph();
    Vertex<Long> copy =
        changed.contentKeyed("copy", changed.volatileSource("ctx", context::get), changed.constant("base", 100));

    assertThat(solver.solve(List.of(copy))).containsEntry(copy, 108L);
    assertThat(changed.execs).as("the base comes from its own cache entry").containsOnlyKeys("ctx", "copy");
  }

  @Test
  void solve_renamedVertex_stillHitsTheCache_butReorderedInputsDoNot() throws Exception {
    solver.solve(List.of(g.sum("t", 0, g.constant("x", 1), g.constant("y", 2))));

    // Names are for display only; the key formula sees definition keys and input order.
    Vertex<Long> renamed = Vertex.of("t", "[linux/arm64 2/2] RUN renamed", (ctx, in) -> {
      throw new AssertionError("must come from the cache");
    }, List.of(g.constant("x", 1), g.constant("y", 2)));
    assertThat(solver.solve(List.of(renamed))).containsEntry(renamed, 3L);

    Vertex<Long> reordered = g.sum("t", 10, g.constant("y", 2), g.constant("x", 1));
    assertThat(solver.solve(List.of(reordered))).containsEntry(reordered, 13L);
  }

  @Test
  void solve_contentKeyThrows_failsThatVertexWithoutRunningIt() {
    Vertex<Long> copy = Vertex.of("copy", "COPY . /src", new Op<Long>() {
      @Override
      public Long exec(ExecContext ctx, List<Long> inputs) {
        throw new AssertionError("must not run without a key");
      }

      @Override
      public java.util.Set<Integer> contentKeyInputs() {
        return java.util.Set.of(0);
      }

      @Override
      public String contentKey(ExecContext ctx, Map<Integer, Long> inputs) throws java.io.IOException {
        throw new java.io.IOException("context file vanished");
      }
    }, List.of(g.volatileSource("ctx", () -> 1)));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> solver.solve(List.of(copy)))
        .isInstanceOfSatisfying(SolveException.class, e -> {
          assertThat(e.vertexName()).isEqualTo("COPY . /src");
          assertThat(e.getCause()).hasMessage("context file vanished");
        });
    assertThat(cache.loads).isEmpty();
  }

  @Test
  void solve_opReturnsNull_failsThatVertexAsABug_andSavesNothing() {
    Vertex<Long> bad = g.custom("bad", (ctx, in) -> null, g.constant("a", 1));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> solver.solve(List.of(bad)))
        .isInstanceOfSatisfying(SolveException.class, e -> {
          assertThat(e.vertexName()).isEqualTo("custom bad");
          assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
        });
    assertThat(cache.saves).hasSize(1); // "a" only
  }

  @Test
  void solve_volatileInputWithoutContentKey_consumerIsNeverCached() throws Exception {
    solver.solve(List.of(g.sum("run", 1, g.volatileSource("ctx", () -> 1))));
    assertThat(cache.saves).isEmpty();

    TestGraph again = new TestGraph();
    Vertex<Long> run = again.sum("run", 1, again.volatileSource("ctx", () -> 2));

    assertThat(solver.solve(List.of(run))).containsEntry(run, 3L);
    assertThat(again.execs).containsOnlyKeys("ctx", "run");
    assertThat(cache.loads).isEmpty();
  }

  @Test
  void solve_failedVertex_isNotSaved() throws Exception {
    Vertex<Long> bad = g.failing("bad", new IllegalStateException("no"), () -> {}, g.constant("a", 1));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> solver.solve(List.of(bad)))
        .isInstanceOf(SolveException.class);
    assertThat(cache.saves).hasSize(1); // "a" only
    assertThat(cache.entries).containsValue(1L).hasSize(1);
  }

  @Test
  void solve_listener_seesOneStartAndOneTerminalEventPerVertex_onTheCallingThread() throws Exception {
    Vertex<Long> a = g.constant("a", 1);
    Vertex<Long> d = g.sum("d", 0, g.sum("b", 1, a), g.sum("c", 2, a));
    Recorder events = new Recorder();

    solver.solve(List.of(d), SolveOptions.defaults().withListener(events));

    for (String key : List.of("a", "b", "c", "d")) {
      assertThat(events.of(key)).as(key).containsExactly("started", "completed");
    }
    assertThat(events.threads).containsOnly(Thread.currentThread());
  }

  @Test
  void solve_sameSolverAgain_runsAgainWithoutACache() throws Exception {
    try (Solver<Long> uncached = Solver.create(ResultCache.none(), 2)) {
      Vertex<Long> b = g.sum("b", 1, g.constant("a", 1));
      uncached.solve(List.of(b));
      uncached.solve(List.of(b));
    }
    // Results live only as long as a solve needs them; across solves only the cache remembers.
    assertThat(g.execs("a")).isEqualTo(2);
    assertThat(g.execs("b")).isEqualTo(2);
  }
}
