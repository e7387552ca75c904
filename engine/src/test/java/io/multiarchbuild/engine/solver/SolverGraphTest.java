package io.multiarchbuild.engine.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.solver.TestGraph.MapCache;
import io.multiarchbuild.engine.solver.TestGraph.Recorder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Large and malformed graphs. Correctness only: nothing here measures speed. */
class SolverGraphTest {
  private static final long MOD = 1_000_000_007L;

  /** A random DAG: vertex i has up to four inputs among the vertices before it. */
  private record RandomDag(List<List<Integer>> inputs, long[] expected) {
    static RandomDag generate(long seed, int size) {
      Random random = new Random(seed);
      List<List<Integer>> inputs = new ArrayList<>();
      long[] expected = new long[size];
      for (int i = 0; i < size; i++) {
        List<Integer> in = new ArrayList<>();
        int count = i == 0 ? 0 : random.nextInt(Math.min(i, 4) + 1);
        for (int k = 0; k < count; k++) {
          // Mostly near neighbours, so the graph is deep as well as wide.
          in.add(random.nextInt(4) == 0 ? random.nextInt(i) : i - 1 - random.nextInt(Math.min(i, 8)));
        }
        inputs.add(in);
        // The sequential reference evaluation.
        long value = i;
        for (int j : in) {
          value = (value * 31 + expected[j]) % MOD;
        }
        expected[i] = value;
      }
      return new RandomDag(inputs, expected);
    }

    /** Builds the solver graph; ops compute what the reference computed. */
    List<Vertex<Long>> vertices(TestGraph g, Runnable onExec) {
      List<Vertex<Long>> vs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        long self = i;
        List<Vertex<Long>> in = inputs.get(i).stream().map(vs::get).toList();
        vs.add(g.custom("v" + i, (ctx, results) -> {
          onExec.run();
          long value = self;
          for (long r : results) {
            value = (value * 31 + r) % MOD;
          }
          return value;
        }, in.toArray(Vertex[]::new)));
      }
      return vs;
    }

    List<Integer> sinks() {
      Set<Integer> used = new HashSet<>();
      inputs.forEach(used::addAll);
      List<Integer> sinks = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        if (!used.contains(i)) {
          sinks.add(i);
        }
      }
      return sinks;
    }
  }

  @Test
  void solve_randomDagOf2000Vertices_matchesSequentialEvaluation_andCacheReplaysIt() throws Exception {
    RandomDag dag = RandomDag.generate(20261128L, 2000);
    MapCache cache = new MapCache();
    TestGraph g = new TestGraph();
    List<Vertex<Long>> vs = dag.vertices(g, () -> {});
    List<Vertex<Long>> targets = dag.sinks().stream().map(vs::get).toList();
    Recorder events = new Recorder();

    Map<Vertex<Long>, Long> results;
    try (Solver<Long> solver = Solver.create(cache, 4)) {
      results = solver.solve(targets, SolveOptions.defaults().withListener(events));
    }

    for (int i : dag.sinks()) {
      assertThat(results.get(vs.get(i))).as("v" + i).isEqualTo(dag.expected()[i]);
    }
    assertThat(g.execs).hasSize(2000);
    assertThat(g.execs.values()).allMatch(n -> n.get() == 1);
    assertThat(events.terminals()).hasSize(2000).containsOnlyKeys(g.execs.keySet()).allSatisfy((k, v) -> assertThat(v).isEqualTo("completed"));

    TestGraph warm = new TestGraph();
    List<Vertex<Long>> again = dag.vertices(warm, () -> {});
    try (Solver<Long> solver = Solver.create(cache, 4)) {
      results = solver.solve(dag.sinks().stream().map(again::get).toList());
    }
    for (int i : dag.sinks()) {
      assertThat(results.get(again.get(i))).isEqualTo(dag.expected()[i]);
    }
    assertThat(warm.totalExecs()).isZero();
  }

  @Test
  void solve_concurrentSolvesOfOverlappingDags_allMatchSequentialEvaluation() throws Exception {
    RandomDag dag = RandomDag.generate(42L, 600);
    TestGraph g = new TestGraph();
    try (Solver<Long> solver = Solver.create(ResultCache.none(), 3)) {
      List<CompletableFuture<Map<Vertex<Long>, Long>>> solves = new ArrayList<>();
      List<List<Vertex<Long>>> graphs = new ArrayList<>();
      for (int job = 0; job < 4; job++) {
        List<Vertex<Long>> vs = dag.vertices(g, () -> {});
        graphs.add(vs);
        List<Vertex<Long>> targets = List.of(vs.get(599 - job * 50), vs.get(300 + job));
        solves.add(CompletableFuture.supplyAsync(() -> {
          try {
            return solver.solve(targets);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      for (int job = 0; job < 4; job++) {
        Map<Vertex<Long>, Long> results = solves.get(job).get(TestGraph.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(results.get(graphs.get(job).get(599 - job * 50))).isEqualTo(dag.expected()[599 - job * 50]);
        assertThat(results.get(graphs.get(job).get(300 + job))).isEqualTo(dag.expected()[300 + job]);
      }
    }
  }

  @Test
  void solve_randomDagWithAFailingVertex_oneTerminalEventPerVertex_andNoWorkAfterReturn() throws Exception {
    RandomDag dag = RandomDag.generate(7L, 400);
    for (int round = 0; round < 10; round++) {
      TestGraph g = new TestGraph();
      AtomicBoolean returned = new AtomicBoolean();
      AtomicInteger lateExecs = new AtomicInteger();
      List<Vertex<Long>> vs = dag.vertices(g, () -> {
        if (returned.get()) {
          lateExecs.incrementAndGet();
        }
      });
      // Replace one mid-graph vertex's consumer chain with a failure: the failing vertex takes
      // the last vertex's inputs, so everything else is still reachable.
      int failAt = 150 + round * 20;
      Vertex<Long> bad = g.failing("bad", new IllegalStateException("round " + round), () -> {}, vs.get(failAt));
      List<Vertex<Long>> targets = new ArrayList<>(dag.sinks().stream().map(vs::get).toList());
      targets.add(bad);
      Recorder events = new Recorder();

      try (Solver<Long> solver = Solver.create(ResultCache.none(), 3)) {
        assertThatThrownBy(() -> solver.solve(targets, SolveOptions.defaults().withListener(events)))
            .isInstanceOfSatisfying(SolveException.class, e -> assertThat(e.vertexKey()).isEqualTo("bad"));
        returned.set(true);
      }

      Map<String, String> terminals = events.terminals(); // fails on a second terminal event
      assertThat(terminals).containsEntry("bad", "failed");
      // Every vertex is reachable from the sinks (each non-sink is an input of a later vertex).
      assertThat(terminals.keySet()).as("every vertex has one terminal event").hasSize(dag.inputs().size() + 1);
      assertThat(g.execs.values()).allMatch(n -> n.get() <= 1);
      for (Map.Entry<String, String> e : terminals.entrySet()) {
        if (e.getValue().equals("completed")) {
          assertThat(events.of(e.getKey())).containsExactly("started", "completed");
        }
      }
      assertThat(lateExecs).hasValue(0);
    }
  }

  @Test
  void solve_keyCycle_isRejected() {
    TestGraph g = new TestGraph();
    Vertex<Long> a = g.constant("a", 1);
    Vertex<Long> b = g.sum("b", 0, a);
    Vertex<Long> aAgain = g.sum("a", 0, b);

    try (Solver<Long> solver = Solver.create(ResultCache.none(), 2)) {
      assertThatThrownBy(() -> solver.solve(List.of(aAgain)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cycle")
          .hasMessageContaining("a");
    }
    assertThat(g.totalExecs()).isZero();
  }

  @Test
  void solve_oneKeyForDifferentInputs_isRejected_andTheSolverStaysUsable() throws Exception {
    TestGraph g = new TestGraph();
    Vertex<Long> u = g.sum("u", 0, g.constant("p", 1));
    Vertex<Long> v = g.sum("u", 0, g.constant("q", 2));

    try (Solver<Long> solver = Solver.create(ResultCache.none(), 2)) {
      assertThatThrownBy(() -> solver.solve(List.of(u, v)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("vertex key u is used by two different vertices");
      assertThat(g.totalExecs()).isZero();
      assertThat(solver.solve(List.of(u))).containsEntry(u, 1L);
    }
  }

  @Test
  void solve_contentKeyInputOutOfRange_isRejected() {
    Vertex<Long> odd = Vertex.source("odd", "odd", new Op<>() {
      @Override
      public Long exec(ExecContext ctx, List<Long> inputs) {
        return 1L;
      }

      @Override
      public Set<Integer> contentKeyInputs() {
        return Set.of(0);
      }
    });
    try (Solver<Long> solver = Solver.create(ResultCache.none(), 1)) {
      assertThatThrownBy(() -> solver.solve(List.of(odd)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("content-key input 0 but has 0 inputs");
    }
  }

  @Test
  void solve_deepChain_doesNotOverflowTheStack() throws Exception {
    TestGraph g = new TestGraph();
    Vertex<Long> v = g.constant("c0", 0);
    for (int i = 1; i < 20_000; i++) {
      v = g.sum("c" + i, 1, v);
    }
    try (Solver<Long> solver = Solver.create(ResultCache.none(), 2)) {
      assertThat(solver.solve(List.of(v))).containsEntry(v, 19_999L);
    }
  }
}
