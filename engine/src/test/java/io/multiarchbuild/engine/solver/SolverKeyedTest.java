package io.multiarchbuild.engine.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SolverKeyedTest {

  @Test
  void keyed_targetHit_reportsTheCacheKeyOfEveryVertexEvenUnloadedInputs() throws Exception {
    Map<String, String> keyed = new ConcurrentHashMap<>();
    Map<String, String> stored = new ConcurrentHashMap<>();
    ResultCache<String> cache = new ResultCache<>() {
      @Override
      public Optional<String> load(String cacheKey) {
        return Optional.ofNullable(stored.get(cacheKey));
      }

      @Override
      public void save(String cacheKey, String result) {
        stored.put(cacheKey, result);
      }

      @Override
      public void keyed(String vertexKey, String cacheKey) {
        keyed.put(vertexKey, cacheKey);
      }
    };
    Vertex<String> a = Vertex.source("a", "a", (ctx, in) -> "A");
    Vertex<String> b = Vertex.of("b", "b", (ctx, in) -> in.get(0) + "B", List.of(a));
    try (Solver<String> solver = Solver.create(cache, 1)) {
      solver.solve(List.of(b));
    }
    Map<String, String> first = Map.copyOf(keyed);
    keyed.clear();
    stored.remove(first.get("a")); // the input is gone: only the target can answer

    try (Solver<String> solver = Solver.create(cache, 1)) {
      assertThat(solver.solve(List.of(b))).containsValue("AB");
    }

    assertThat(first).containsOnlyKeys("a", "b");
    assertThat(keyed).isEqualTo(first);
  }
}
