package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VertexHandleTest {

  private final ManualClock clock = new ManualClock();
  private final ListSink sink = new ListSink();
  private final ProgressWriter writer = new ProgressWriter(sink, clock);

  @Test
  void vertex_announced_isQueuedWithoutStart() {
    writer.vertex("v", "RUN x", List.of("in"));
    VertexEvent e = sink.ofType(VertexEvent.class).get(0);
    assertThat(e.started()).isNull();
    assertThat(e.completed()).isNull();
    assertThat(e.inputs()).containsExactly("in");
  }

  @Test
  void completed_openStatus_isClosedWithItsRemainder() {
    VertexHandle v = writer.vertex("v", "push", List.of());
    v.started();
    clock.at(1000);
    v.status("sha256:l", 10, 100);
    clock.at(2000);
    v.completed();

    StatusEvent last = sink.ofType(StatusEvent.class).get(1);
    assertThat(last.current()).isEqualTo(100);
    assertThat(last.total()).isEqualTo(100);
    assertThat(last.started()).isEqualTo(ManualClock.T0.plusMillis(1000));
    assertThat(last.completed()).isEqualTo(ManualClock.T0.plusMillis(2000));
    assertThat(sink.events.get(sink.events.size() - 1)).isInstanceOf(VertexEvent.class);
  }

  @Test
  void failed_openStatus_isClosedWithoutPretendingItFinished() {
    VertexHandle v = writer.vertex("v", "push", List.of());
    v.started();
    v.status("sha256:l", 10, 100);
    v.failed("push failed");
    StatusEvent last = sink.ofType(StatusEvent.class).get(1);
    assertThat(last.current()).isEqualTo(10);
    assertThat(last.completed()).isNotNull();
    assertThat(sink.ofType(VertexEvent.class).get(2).error()).isEqualTo("push failed");
  }

  @Test
  void statusDone_unknownTotal_keepsCurrent() {
    VertexHandle v = writer.vertex("v", "ctx", List.of());
    v.status("transferring context:", 4096, 0);
    v.statusDone("transferring context:");
    StatusEvent last = sink.ofType(StatusEvent.class).get(1);
    assertThat(last.current()).isEqualTo(4096);
    assertThat(last.total()).isZero();
  }

  @Test
  void cached_startsAndCompletesAtOnce() {
    clock.at(500);
    writer.vertex("v", "FROM x", List.of()).cached();
    VertexEvent e = sink.ofType(VertexEvent.class).get(1);
    Instant t = ManualClock.T0.plusMillis(500);
    assertThat(e.started()).isEqualTo(t);
    assertThat(e.completed()).isEqualTo(t);
    assertThat(e.cached()).isTrue();
  }

  @Test
  void canceled_reportsBuildKitCancelError() {
    VertexHandle v = writer.vertex("v", "RUN x", List.of());
    v.started();
    v.canceled();
    VertexEvent e = sink.ofType(VertexEvent.class).get(2);
    assertThat(e.canceled()).isTrue();
    assertThat(e.error()).isEqualTo("context canceled");
    assertThat(e.isFailed()).isFalse();
  }
}
