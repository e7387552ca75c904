package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLimitTest {

  private static final Instant T = ManualClock.T0;

  private static LogEvent log(String vertex, String text) {
    return new LogEvent(vertex, 1, text.getBytes(StandardCharsets.UTF_8), T);
  }

  @Test
  void clipMarker_default_isBuildKitText() {
    assertThat(LogClipper.clipMarker(ProgressSinks.DEFAULT_LOG_LIMIT))
        .isEqualTo("[output clipped, log limit 2MiB reached]");
    assertThat(LogClipper.binaryUnits(1536 * 1024)).isEqualTo("1.5MiB");
    assertThat(LogClipper.binaryUnits(100)).isEqualTo("100B");
  }

  @Test
  void limitLogs_chunkCrossingLimit_isCutWithOneMarkerAndLaterOutputDropped() {
    ListSink out = new ListSink();
    ProgressSink sink = ProgressSinks.limitLogs(10, out);

    sink.accept(log("v", "12345\n"));
    sink.accept(log("v", "6789\nabc\n"));
    sink.accept(log("v", "more\n"));
    sink.accept(log("w", "own quota\n"));

    assertThat(out.logText("v", 1)).isEqualTo("12345\n6789\n[output clipped, log limit 10B reached]\n");
    assertThat(out.logText("w", 1)).as("each vertex has its own limit").isEqualTo("own quota\n");
  }

  @Test
  void limitLogs_failedVertexAfterClipping_forwardsTheLastLinesBeforeTheFailure() {
    ListSink out = new ListSink();
    ProgressSink sink = ProgressSinks.limitLogs(4, out);
    sink.accept(log("v", "head\n"));
    for (int i = 1; i <= 12; i++) {
      sink.accept(log("v", "line " + i + "\n"));
    }
    sink.accept(log("v", "error: boom"));
    sink.accept(new VertexEvent("v", List.of(), "step", T, T, false, "exit code: 1", false));

    StringBuilder expected = new StringBuilder("head\n[output clipped, log limit 4B reached]\n");
    expected.append("[last 10 lines of clipped output]\n");
    for (int i = 4; i <= 12; i++) {
      expected.append("line ").append(i).append('\n');
    }
    expected.append("error: boom\n");
    assertThat(out.logText("v", 1)).isEqualTo(expected.toString());
    assertThat(out.events.get(out.events.size() - 1)).isInstanceOf(VertexEvent.class);
  }

  @Test
  void limitLogs_cutExactlyAtLineEnd_tailHasNoEmptyFirstLine() {
    ListSink out = new ListSink();
    ProgressSink sink = ProgressSinks.limitLogs(3, out);
    sink.accept(log("v", "abc\ndef\n"));
    sink.accept(new VertexEvent("v", List.of(), "step", T, T, false, "failed", false));
    assertThat(out.logText("v", 1))
        .isEqualTo("abc\n[output clipped, log limit 3B reached]\n[last 1 line of clipped output]\ndef\n");
  }

  @Test
  void limitLogs_successfulVertexAfterClipping_forwardsNoTail() {
    ListSink out = new ListSink();
    ProgressSink sink = ProgressSinks.limitLogs(2, out);
    sink.accept(log("v", "abc\ndef\n"));
    sink.accept(new VertexEvent("v", List.of(), "step", T, T, false, null, false));
    assertThat(out.logText("v", 1)).isEqualTo("ab\n[output clipped, log limit 2B reached]\n");
  }

  @Test
  void limitLogs_unlimited_passesEverything() {
    ListSink out = new ListSink();
    ProgressSink sink = ProgressSinks.limitLogs(ProgressSinks.UNLIMITED, out);
    String big = "x".repeat(3 * 1024 * 1024) + "\n";
    sink.accept(log("v", big));
    assertThat(out.logText("v", 1)).hasSize(big.length());
  }

  @Test
  void limitLogs_plainRenderer_seesClippedOutputAndFailureSummaryKeepsTheError() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    PlainRenderer plain = new PlainRenderer(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
    ManualClock clock = new ManualClock();
    ProgressWriter w = new ProgressWriter(ProgressSinks.limitLogs(20, plain), clock);
    VertexHandle v = w.vertex("v", "RUN noisy", List.of());
    v.started();
    for (int i = 0; i < 100; i++) {
      v.log(LogEvent.STDOUT, "noise " + i + "\n");
    }
    v.log(LogEvent.STDERR, "fatal: the real reason\n");
    v.failed("exit code: 1");
    plain.close();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("#1 0.000 [output clipped, log limit 20B reached]\n");
    assertThat(text).doesNotContain("noise 50");
    assertThat(text).endsWith("#1 0.000 fatal: the real reason\n------\n");
    assertThat(text).contains(" > RUN noisy:\n");
  }

  @Test
  void limitLogs_inFrontOfRecorderWithSameLimit_recorderStoresExactlyWhatRenderersSaw() {
    ListSink live = new ListSink();
    ProgressRecorder recorder = new ProgressRecorder(6);
    ProgressSink chain = ProgressSinks.limitLogs(6, ProgressSinks.tee(live, recorder));
    chain.accept(log("v", "one\ntwo\nthree\n"));
    chain.accept(log("v", "four\n"));
    chain.accept(new VertexEvent("v", List.of(), "step", T, T, false, "failed", false));

    String seen = live.logText("v", 1);
    assertThat(seen)
        .isEqualTo("one\ntw\n[output clipped, log limit 6B reached]\n[last 3 lines of clipped output]\no\nthree\nfour\n");
    assertThat(new String(recorder.log("v"), StandardCharsets.UTF_8)).isEqualTo(seen);
  }
}
