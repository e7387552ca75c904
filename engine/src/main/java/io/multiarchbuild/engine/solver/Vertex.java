package io.multiarchbuild.engine.solver;

import java.util.List;
import java.util.Objects;

/**
 * A node of the graph handed to the solver: an {@link Op}, the vertices whose results it consumes,
 * a definition key and a display name. Immutable; the inputs are fixed at construction, so a graph
 * of vertices cannot contain a cycle of objects.
 *
 * <p>Identity for scheduling is the {@linkplain #key() key}: two vertex objects with the same key
 * — in one solve or in concurrent solves of one {@link Solver} — are the same computation and run
 * once. The caller must therefore derive the key from everything that determines the op's result
 * except the inputs' <em>content</em>: the op's definition and the inputs' keys (the plan package
 * does). Equality of vertex objects themselves is identity.
 *
 * @param <T> the result type
 */
public final class Vertex<T> {
  private final String key;
  private final String name;
  private final Op<T> op;
  private final List<Vertex<T>> inputs;

  private Vertex(String key, String name, Op<T> op, List<Vertex<T>> inputs) {
    this.key = key;
    this.name = name;
    this.op = op;
    this.inputs = inputs;
  }

  /**
   * @param key definition key (for example a {@code sha256:} digest of the op and its inputs' keys)
   * @param name display name for progress (for example {@code [linux/arm64 2/3] RUN make})
   * @param op the work
   * @param inputs the vertices whose results {@code op} consumes, in the order it expects them
   */
  public static <T> Vertex<T> of(String key, String name, Op<T> op, List<Vertex<T>> inputs) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    if (key.isBlank()) {
      throw new IllegalArgumentException("vertex key must not be blank (vertex '" + name + "')");
    }
    return new Vertex<>(key, name, op, List.copyOf(inputs));
  }

  /** A vertex without inputs. */
  public static <T> Vertex<T> source(String key, String name, Op<T> op) {
    return of(key, name, op, List.of());
  }

  public String key() {
    return key;
  }

  public String name() {
    return name;
  }

  public Op<T> op() {
    return op;
  }

  public List<Vertex<T>> inputs() {
    return inputs;
  }

  @Override
  public String toString() {
    return name + " (" + key + ")";
  }
}
