package io.multiarchbuild.engine.solver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a solve's graph and orders it, before the scheduler touches any shared state. The walk
 * is iterative so a deep chain of vertices cannot overflow the stack.
 */
final class GraphWalk {
  private GraphWalk() {}

  /**
   * Returns one vertex per distinct key reachable from {@code targets}, every vertex after its
   * inputs.
   *
   * @throws IllegalArgumentException for a key used by two vertices whose inputs' keys differ, a
   *     cycle of keys, or content-key inputs that name no input
   */
  static <T> List<Vertex<T>> inputsFirst(List<Vertex<T>> targets) {
    Map<String, Vertex<T>> seen = new HashMap<>();
    Set<String> onPath = new HashSet<>();
    List<Vertex<T>> order = new ArrayList<>();
    Deque<Frame<T>> stack = new ArrayDeque<>();
    for (Vertex<T> target : targets) {
      Objects.requireNonNull(target, "target vertex");
      if (alreadySeen(seen, target)) {
        continue;
      }
      enter(target, seen, onPath, stack);
      while (!stack.isEmpty()) {
        Frame<T> frame = stack.peek();
        if (frame.next < frame.vertex.inputs().size()) {
          Vertex<T> input = frame.vertex.inputs().get(frame.next++);
          if (onPath.contains(input.key())) {
            throw new IllegalArgumentException(
                "dependency cycle: vertex key " + input.key() + " (" + input.name() + ") is its own input");
          }
          if (!alreadySeen(seen, input)) {
            enter(input, seen, onPath, stack);
          }
        } else {
          stack.pop();
          onPath.remove(frame.vertex.key());
          order.add(frame.vertex);
        }
      }
    }
    return order;
  }

  /** Sorted, validated indices of {@link Op#contentKeyInputs()}. */
  static int[] contentInputs(Vertex<?> vertex) {
    Set<Integer> declared = vertex.op().contentKeyInputs();
    int[] indices = declared.stream().mapToInt(Integer::intValue).sorted().toArray();
    for (int i : indices) {
      if (i < 0 || i >= vertex.inputs().size()) {
        throw new IllegalArgumentException(
            "vertex " + vertex + " declares content-key input " + i + " but has "
                + vertex.inputs().size() + " inputs");
      }
    }
    return indices;
  }

  private static <T> void enter(
      Vertex<T> v, Map<String, Vertex<T>> seen, Set<String> onPath, Deque<Frame<T>> stack) {
    contentInputs(v);
    seen.put(v.key(), v);
    onPath.add(v.key());
    stack.push(new Frame<>(v));
  }

  private static <T> boolean alreadySeen(Map<String, Vertex<T>> seen, Vertex<T> v) {
    Vertex<T> prior = seen.get(v.key());
    if (prior == null) {
      return false;
    }
    if (prior != v && !inputKeys(prior).equals(inputKeys(v))) {
      throw new IllegalArgumentException(
          "vertex key " + v.key() + " is used by two different vertices ('" + prior.name() + "' with inputs "
              + inputKeys(prior) + ", '" + v.name() + "' with inputs " + inputKeys(v)
              + "); a key must be derived from the op's definition and its inputs' keys");
    }
    return true;
  }

  static List<String> inputKeys(Vertex<?> v) {
    return v.inputs().stream().map(Vertex::key).toList();
  }

  private static final class Frame<T> {
    final Vertex<T> vertex;
    int next;

    Frame(Vertex<T> vertex) {
      this.vertex = vertex;
    }
  }
}
