package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PlainRendererTest {

  private static String render(String prefix, Consumer<ProgressSink> script) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (PlainRenderer r = new PlainRenderer(out, prefix)) {
      script.accept(r);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = PlainRendererTest.class.getResourceAsStream("/progress/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void render_scriptedBuild_matchesBuildKitPlainFormat() throws IOException {
    assertThat(render("", BuildScript::play)).isEqualTo(golden("plain-build.txt"));
  }

  @Test
  void render_withLinePrefix_prefixesEveryLineAndBlankLinesWithoutTrailingSpace() throws IOException {
    String expected =
        golden("plain-build.txt")
            .lines()
            .map(l -> l.isEmpty() ? "[linux/arm64]" : "[linux/arm64] " + l)
            .reduce("", (a, l) -> a + l + "\n");
    assertThat(render("[linux/arm64] ", BuildScript::play)).isEqualTo(expected);
  }

  @Test
  void logTime_usesThreeTwoOrOneDecimalsByMagnitude() {
    assertThat(Formats.logTime(0.4125)).isEqualTo("0.412"); // exact binary value is below the tie
    assertThat(Formats.logTime(9.9994)).isEqualTo("9.999");
    assertThat(Formats.logTime(10.0)).isEqualTo("10.00");
    assertThat(Formats.logTime(99.5)).isEqualTo("99.50");
    assertThat(Formats.logTime(100.04)).isEqualTo("100.0");
  }

  @Test
  void bytes_useDecimalUnitsLikeGoUnits() {
    assertThat(Formats.bytes(0)).isEqualTo("0B");
    assertThat(Formats.bytes(999)).isEqualTo("999B");
    assertThat(Formats.bytes(1000)).isEqualTo("1.00kB");
    assertThat(Formats.bytes(12_300_000)).isEqualTo("12.30MB");
    assertThat(Formats.bytes(3_500_000_000L)).isEqualTo("3.50GB");
  }

  @Test
  void render_vertexRestarted_doneSumsRunIntervals() {
    Instant t0 = ManualClock.T0;
    String out =
        render(
            "",
            sink -> {
              sink.accept(vertex("v", t0, null));
              sink.accept(vertex("v", t0, t0.plusMillis(1000)));
              sink.accept(vertex("v", t0.plusMillis(5000), null));
              sink.accept(vertex("v", t0.plusMillis(5000), t0.plusMillis(5500)));
            });
    assertThat(out).endsWith("#1 DONE 1.5s\n");
  }

  @Test
  void render_queuedVertexOnly_printsNothing() {
    assertThat(render("", sink -> sink.accept(vertex("v", null, null)))).isEmpty();
  }

  @Test
  void render_statusWithoutStart_isNotShownAsBuildKitDoes() {
    Instant t0 = ManualClock.T0;
    String out =
        render(
            "",
            sink -> {
              sink.accept(vertex("v", t0, null));
              sink.accept(new StatusEvent("resolve", "v", "", 0, 0, null, null, t0));
            });
    assertThat(out).isEqualTo("#1 step v\n");
  }

  private static VertexEvent vertex(String digest, Instant started, Instant completed) {
    return new VertexEvent(digest, List.of(), "step " + digest, started, completed, false, null, false);
  }
}
