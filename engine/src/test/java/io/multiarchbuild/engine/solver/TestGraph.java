package io.multiarchbuild.engine.solver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Synthetic vertices for scheduler tests (no containers, no files): constants, sums, ops that
 * block on latches, ops that fail. Every op counts its exec and content-key calls by vertex key.
 */
final class TestGraph {
  /** Bounded waits turn a deadlock into a failure; they never assert on timing. */
  static final long WAIT_SECONDS = 20;

  final Map<String, AtomicInteger> execs = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> contentKeys = new ConcurrentHashMap<>();

  int execs(String key) {
    AtomicInteger n = execs.get(key);
    return n == null ? 0 : n.get();
  }

  int totalExecs() {
    return execs.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int contentKeys(String key) {
    AtomicInteger n = contentKeys.get(key);
    return n == null ? 0 : n.get();
  }

  private void countExec(ExecContext ctx) {
    execs.computeIfAbsent(ctx.vertexKey(), k -> new AtomicInteger()).incrementAndGet();
  }

  /** A source returning {@code value}. */
  Vertex<Long> constant(String key, long value) {
    return Vertex.source(key, "const " + key, (ctx, in) -> {
      countExec(ctx);
      return value;
    });
  }

  /** {@code add} plus the sum of the inputs. */
  @SafeVarargs
  final Vertex<Long> sum(String key, long add, Vertex<Long>... inputs) {
    return Vertex.of(key, "sum " + key, (ctx, in) -> {
      countExec(ctx);
      return add + in.stream().mapToLong(Long::longValue).sum();
    }, List.of(inputs));
  }

  /** A source whose definition says nothing about its content (a build context): never cached. */
  Vertex<Long> volatileSource(String key, LongSupplier content) {
    return Vertex.source(key, "context " + key, new Op<>() {
      @Override
      public Long exec(ExecContext ctx, List<Long> inputs) {
        countExec(ctx);
        return content.getAsLong();
      }

      @Override
      public boolean cacheable() {
        return false;
      }
    });
  }

  /**
   * A copy-like op: its cache key reads the content of input 0; the result is the sum of all
   * inputs.
   */
  @SafeVarargs
  final Vertex<Long> contentKeyed(String key, Vertex<Long>... inputs) {
    return Vertex.of(key, "copy " + key, new Op<>() {
      @Override
      public Long exec(ExecContext ctx, List<Long> in) {
        countExec(ctx);
        return in.stream().mapToLong(Long::longValue).sum();
      }

      @Override
      public Set<Integer> contentKeyInputs() {
        return Set.of(0);
      }

      @Override
      public String contentKey(ExecContext ctx, Map<Integer, Long> in) {
        contentKeys.computeIfAbsent(ctx.vertexKey(), k -> new AtomicInteger()).incrementAndGet();
        return "content=" + in.get(0);
      }
    }, List.of(inputs));
  }

  /** An op that throws {@code error}, after {@code before} has run. */
  @SafeVarargs
  final Vertex<Long> failing(String key, Exception error, Runnable before, Vertex<Long>... inputs) {
    return Vertex.of(key, "fail " + key, (ctx, in) -> {
      countExec(ctx);
      before.run();
      throw error;
    }, List.of(inputs));
  }

  /** A vertex whose behaviour is the given op body, still counted. */
  @SafeVarargs
  final Vertex<Long> custom(String key, Body body, Vertex<Long>... inputs) {
    return Vertex.of(key, "custom " + key, (ctx, in) -> {
      countExec(ctx);
      return body.run(ctx, in);
    }, List.of(inputs));
  }

  interface Body {
    Long run(ExecContext ctx, List<Long> inputs) throws Exception;
  }

  /** Waits for a latch within the bound, failing (not hanging) otherwise. */
  static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("timed out waiting for " + what + " (a deadlock?)");
    }
  }

  /** Thread-safe map-backed cache counting its calls. */
  static final class MapCache implements ResultCache<Long> {
    final Map<String, Long> entries = new ConcurrentHashMap<>();
    final List<String> loads = Collections.synchronizedList(new ArrayList<>());
    final List<String> saves = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Optional<Long> load(String cacheKey) throws IOException {
      loads.add(cacheKey);
      return Optional.ofNullable(entries.get(cacheKey));
    }

    @Override
    public void save(String cacheKey, Long result) throws IOException {
      saves.add(cacheKey);
      entries.put(cacheKey, result);
    }
  }

  /** Records events as {@code "<kind> <key>"}, optionally reacting to each. */
  static final class Recorder implements SolveListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<String> onEvent;

    Recorder() {
      this(e -> {});
    }

    Recorder(Consumer<String> onEvent) {
      this.onEvent = onEvent;
    }

    private void record(String event) {
      events.add(event);
      threads.add(Thread.currentThread());
      onEvent.accept(event);
    }

    @Override
    public void vertexStarted(String key, String name) {
      record("started " + key);
    }

    @Override
    public void vertexCached(String key, String name) {
      record("cached " + key);
    }

    @Override
    public void vertexCompleted(String key, String name, Duration duration) {
      record("completed " + key);
    }

    @Override
    public void vertexFailed(String key, String name, Throwable error) {
      record("failed " + key);
    }

    @Override
    public void vertexCanceled(String key, String name) {
      record("canceled " + key);
    }

    /** Events for one key, in order. */
    List<String> of(String key) {
      synchronized (events) {
        return events.stream().filter(e -> e.endsWith(" " + key)).map(e -> e.substring(0, e.indexOf(' '))).toList();
      }
    }

    /** The terminal event kind of each key that has one, failing on a key with several. */
    Map<String, String> terminals() {
      Map<String, String> out = new java.util.TreeMap<>();
      synchronized (events) {
        for (String e : events) {
          String kind = e.substring(0, e.indexOf(' '));
          String key = e.substring(e.indexOf(' ') + 1);
          if (kind.equals("started")) {
            continue;
          }
          String prior = out.put(key, kind);
          if (prior != null) {
            throw new AssertionError("two terminal events for " + key + ": " + prior + ", " + kind);
          }
        }
      }
      return out;
    }
  }
}
