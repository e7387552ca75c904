package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressRecorderTest {

  @Test
  void accept_scriptedBuild_keepsLatestStatePerVertex() {
    ProgressRecorder recorder = new ProgressRecorder();
    BuildScript.play(recorder);

    assertThat(recorder.vertices()).hasSize(6);
    assertThat(recorder.vertex("sha256:b2").orElseThrow().vertex().cached()).isTrue();
    ProgressRecorder.VertexRecord export = recorder.vertex("sha256:e5").orElseThrow();
    assertThat(export.statuses()).singleElement().satisfies(s -> {
      assertThat(s.current()).isEqualTo(45_000_000);
      assertThat(s.completed()).isNotNull();
    });
    assertThat(recorder.vertex("sha256:c3").orElseThrow().warnings()).hasSize(1);
    assertThat(recorder.vertex("sha256:d4").orElseThrow().vertex().canceled()).isTrue();
    assertThat(recorder.failures()).extracting(r -> r.vertex().name()).containsExactly(BuildScript.FAILED_NAME);
    assertThat(recorder.lastLogLines("sha256:f6", 10))
        .containsExactly("test 1 ok", "test 2 FAILED", "make: *** [test] Error 1");
    assertThat(new String(recorder.log("sha256:c3"), StandardCharsets.UTF_8))
        .isEqualTo("cc -c main.c\ncc -c util.c\nlinking\n");
  }

  @Test
  void accept_logOverLimit_storesClippedLogAndFailureTail() {
    ProgressRecorder recorder = new ProgressRecorder(8);
    ProgressWriter w = new ProgressWriter(recorder, new ManualClock());
    VertexHandle v = w.vertex("v", "RUN x", List.of());
    v.started();
    v.log(LogEvent.STDOUT, "0123456789\nlast words\n");
    v.failed("exit code: 3");

    ProgressRecorder.VertexRecord r = recorder.vertex("v").orElseThrow();
    assertThat(r.logClipped()).isTrue();
    assertThat(recorder.lastLogLines("v", 3))
        .containsExactly("[last 2 lines of clipped output]", "89", "last words");
    assertThat(recorder.lastLogLines("v", 10).get(1)).isEqualTo("[output clipped, log limit 8B reached]");
  }

  @Test
  void vertices_afterBuild_carryEachVertexsStoredLogText() {
    ProgressRecorder recorder = new ProgressRecorder();
    BuildScript.play(recorder);

    assertThat(recorder.vertex("sha256:c3").orElseThrow().log()).isEqualTo("cc -c main.c\ncc -c util.c\nlinking\n");
    assertThat(recorder.vertex("sha256:b2").orElseThrow().log()).isEmpty();
    assertThat(recorder.vertices()).allSatisfy(r -> assertThat(r.log().getBytes(StandardCharsets.UTF_8)).hasSize((int) r.logBytes()));
  }

  @Test
  void vertex_unknown_isEmpty() {
    assertThat(new ProgressRecorder().vertex("nope")).isEmpty();
    assertThat(new ProgressRecorder().lastLogLines("nope", 5)).isEmpty();
  }
}
