package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Several producer threads share one sink chain; every event is rendered once and lines stay whole. */
class ConcurrentProducersTest {

  private static final int THREADS = 6;
  private static final int LINES = 300;

  @Test
  void accept_concurrentProducers_everyLineRenderedOnceAndWhole() throws Exception {
    ByteArrayOutputStream plainBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream jsonBytes = new ByteArrayOutputStream();
    PrintStream shared = new PrintStream(plainBytes, true, StandardCharsets.UTF_8);
    ProgressRecorder recorder = new ProgressRecorder();
    // Two plain renderers on one stream, as two platform consoles sharing a Jenkins log would.
    ProgressSink chain =
        new SecretMasker(
            List.of("hunter2"),
            ProgressSinks.limitLogs(
                ProgressSinks.DEFAULT_LOG_LIMIT,
                ProgressSinks.tee(
                    new PlainRenderer(shared, "[a] "),
                    new PlainRenderer(shared, "[b] "),
                    new RawJsonRenderer(new PrintStream(jsonBytes, true, StandardCharsets.UTF_8)),
                    recorder)));
    ProgressWriter writer = new ProgressWriter(chain);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                VertexHandle v = writer.vertex("sha256:" + id, "worker " + id, List.of());
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                v.started();
                for (int i = 0; i < LINES; i++) {
                  // split each line over two chunks to exercise partial-line and carry handling
                  v.log(LogEvent.STDOUT, "worker-" + id + " line-");
                  v.log(LogEvent.STDOUT, i + " pw=hunter2\n");
                }
                v.completed();
              });
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    chain.close();

    Pattern logLine = Pattern.compile("\\[[ab]] #\\d+ \\d+\\.\\d+ worker-\\d line-\\d+ pw=\\*\\*\\*\\*");
    Map<String, Integer> seen = new HashMap<>();
    for (String line : plainBytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.contains("line-")) {
        assertThat(line).matches(logLine);
        String key = line.substring(0, 3) + line.substring(line.indexOf("worker-"));
        seen.merge(key, 1, Integer::sum);
      } else {
        assertThat(line).matches("\\[[ab]](| #\\d+ (worker \\d|\\.\\.\\.|DONE \\d+\\.\\ds))");
      }
    }
    assertThat(seen).hasSize(2 * THREADS * LINES);
    assertThat(seen.values()).containsOnly(1);

    List<String> json = jsonBytes.toString(StandardCharsets.UTF_8).lines().toList();
    long logEvents = 0;
    for (String l : json) {
      for (ProgressEvent e : RawJsonRenderer.parseLine(l)) {
        logEvents += e instanceof LogEvent ? 1 : 0;
      }
    }
    assertThat(logEvents).isPositive();
    for (int t = 0; t < THREADS; t++) {
      assertThat(recorder.lastLogLines("sha256:" + t, LINES + 1)).hasSize(LINES);
      assertThat(recorder.vertex("sha256:" + t).orElseThrow().vertex().isCompleted()).isTrue();
    }
  }
}
