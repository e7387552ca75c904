package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtyRendererTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ManualClock clock = new ManualClock();
  private final TtyRenderer tty =
      new TtyRenderer(new PrintStream(bytes, true, StandardCharsets.UTF_8), 60, clock);
  private final ProgressWriter writer = new ProgressWriter(tty, clock);

  private static String row(String left, String timer) {
    return String.format("%-" + (60 - timer.length()) + "s%s", left, timer);
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rows_runningBuild_showHeaderStepsStatusesAndLogTail() {
    VertexHandle load = writer.vertex("a", "[internal] load build definition from Dockerfile", List.of());
    VertexHandle make = writer.vertex("b", "[linux/arm64 build 2/4] RUN make", List.of());
    writer.vertex("c", "exporting to image", List.of());
    load.started();
    clock.at(100);
    load.completed();
    clock.at(300);
    make.started();
    make.status("sha256:1234", 12_300_000, 45_000_000);
    make.log(LogEvent.STDOUT, "cc main.c\npartial");
    clock.at(2300);

    assertThat(tty.rows(clock.instant(), false))
        .containsExactly(
            "[+] Building 2.3s (1/3)",
            row(" => [internal] load build definition from Dockerfile", " 0.1s"),
            row(" => [linux/arm64 build 2/4] RUN make", " 2.0s"),
            row(" => => sha256:1234 12.30MB / 45.00MB", " 2.0s"),
            " => => # cc main.c",
            " => => # partial");
  }

  @Test
  void rows_longName_isCutButTimerKept() {
    VertexHandle v = writer.vertex("a", "RUN " + "x".repeat(100), List.of());
    v.started();
    String row = tty.rows(clock.instant(), false).get(1);
    assertThat(row).hasSize(60).endsWith(" 0.0s").startsWith(" => RUN xxx");
  }

  @Test
  void accept_eventsWithin100ms_redrawOnceThenMoveCursorUp() {
    VertexHandle v = writer.vertex("a", "RUN x", List.of()); // t=0: first draw
    clock.at(50);
    v.started();
    clock.at(90);
    v.log(LogEvent.STDOUT, "one\n");
    assertThat(output().split("\\[\\+\\] Building", -1)).hasSize(2);

    clock.at(150);
    v.log(LogEvent.STDOUT, "two\n");
    assertThat(output().split("\\[\\+\\] Building", -1)).hasSize(3);
    // the first frame was one line (the header; the vertex had not started), so step up one
    assertThat(output()).contains("\u001b[1A\r\u001b[2K[+] Building 0.1s (0/1)");
  }

  @Test
  void close_scriptedBuild_finalFrameFinishedAndFailureSummary() {
    BuildScript.play(tty);
    tty.close();
    String out = output();
    assertThat(out).contains("[+] Building 20.5s (6/6) FINISHED");
    assertThat(out).contains(" => CACHED [linux/arm64 base 1/4]");
    assertThat(out).contains(" => ERROR " + BuildScript.FAILED_NAME);
    assertThat(out).contains(" => CANCELED [linux/amd64 build 2/4] RUN make");
    assertThat(out)
        .endsWith(
            "------\n > " + BuildScript.FAILED_NAME + ":\ntest 1 ok\ntest 2 FAILED\nmake: *** [test] Error 1\n------\n");
  }
}
