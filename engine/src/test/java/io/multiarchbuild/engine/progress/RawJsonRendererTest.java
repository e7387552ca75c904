package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawJsonRendererTest {

  private static List<String> renderLines(List<ProgressEvent> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (RawJsonRenderer r = new RawJsonRenderer(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      events.forEach(r::accept);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void render_scriptedBuild_parsesBackToTheSameEvents() {
    ListSink recorded = new ListSink();
    BuildScript.play(recorded);

    List<String> lines = renderLines(recorded.events);

    assertThat(lines).hasSize(recorded.events.size());
    List<ProgressEvent> parsed = new ArrayList<>();
    lines.forEach(l -> parsed.addAll(RawJsonRenderer.parseLine(l)));
    assertThat(parsed).containsExactlyElementsOf(recorded.events);
  }

  @Test
  void render_usesBuildKitSolveStatusShape() throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00.120Z");
    List<String> lines =
        renderLines(
            List.of(
                new VertexEvent("sha256:v", List.of("sha256:in"), "RUN make", t, null, false, null, false),
                new LogEvent("sha256:v", 2, "héllo\n".getBytes(StandardCharsets.UTF_8), t),
                new StatusEvent("sha256:layer", "sha256:v", "", 5, 0, t, null, t),
                new WarningEvent("sha256:v", 1, "short text", List.of("d1"), "https://x", "Dockerfile", 3, 4),
                new VertexEvent("sha256:v", List.of(), "RUN make", t, t, false, null, true)));
    ObjectMapper m = new ObjectMapper();

    JsonNode vertex = m.readTree(lines.get(0)).get("vertexes").get(0);
    assertThat(vertex.get("digest").asText()).isEqualTo("sha256:v");
    assertThat(vertex.get("inputs").get(0).asText()).isEqualTo("sha256:in");
    assertThat(vertex.get("started").asText()).isEqualTo("2026-01-01T00:00:00.12Z");
    assertThat(vertex.has("completed")).as("omitempty").isFalse();
    assertThat(vertex.has("cached")).as("omitempty").isFalse();
    assertThat(vertex.has("error")).isFalse();

    JsonNode log = m.readTree(lines.get(1)).get("logs").get(0);
    assertThat(log.get("stream").asInt()).isEqualTo(2);
    assertThat(new String(Base64.getDecoder().decode(log.get("data").asText()), StandardCharsets.UTF_8))
        .isEqualTo("héllo\n");

    JsonNode status = m.readTree(lines.get(2)).get("statuses").get(0);
    assertThat(status.get("current").asLong()).isEqualTo(5);
    assertThat(status.has("total")).as("omitempty").isFalse();
    assertThat(status.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00.12Z");

    JsonNode warning = m.readTree(lines.get(3)).get("warnings").get(0);
    assertThat(new String(Base64.getDecoder().decode(warning.get("short").asText()), StandardCharsets.UTF_8))
        .isEqualTo("short text");
    assertThat(warning.get("sourceInfo").get("filename").asText()).isEqualTo("Dockerfile");
    assertThat(warning.get("range").get(0).get("end").get("line").asInt()).isEqualTo(4);

    JsonNode canceled = m.readTree(lines.get(4)).get("vertexes").get(0);
    assertThat(canceled.get("error").asText()).isEqualTo("context canceled");
  }

  @Test
  void parseLine_batchedBuildKitLine_returnsEveryEvent() {
    String line =
        "{\"vertexes\":[{\"digest\":\"sha256:a\",\"name\":\"x\",\"started\":\"2026-01-01T01:00:00.5+01:00\"},"
            + "{\"digest\":\"sha256:b\",\"name\":\"y\",\"error\":\"ctx: context canceled\"}],"
            + "\"logs\":[{\"vertex\":\"sha256:a\",\"stream\":1,\"data\":\"aGkK\",\"timestamp\":\"2026-01-01T00:00:01Z\"}]}";

    List<ProgressEvent> events = RawJsonRenderer.parseLine(line);

    assertThat(events).hasSize(3);
    assertThat(((VertexEvent) events.get(0)).started()).isEqualTo(Instant.parse("2026-01-01T00:00:00.5Z"));
    assertThat(((VertexEvent) events.get(1)).canceled()).isTrue();
    assertThat(((LogEvent) events.get(2)).data()).isEqualTo("hi\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parseLine_notJson_isRejected() {
    assertThatThrownBy(() -> RawJsonRenderer.parseLine("#1 DONE 0.1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SolveStatus");
  }
}
