package io.multiarchbuild.engine.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The only place that knows BuildKit's {@code client.SolveStatus} JSON ({@code client/graph.go}),
 * as {@code --progress=rawjson} prints it: Go's {@code omitempty} rules, RFC 3339 times with
 * nanoseconds and trailing zeros trimmed, {@code []byte} fields (log data, warning short/detail) as
 * base64. A canceled vertex is written with BuildKit's {@code context canceled} error.
 */
final class SolveStatusJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SolveStatusJson() {}

  /** One event as a one-item {@code SolveStatus} object on a single line. */
  static String write(ProgressEvent event) {
    ObjectNode root = MAPPER.createObjectNode();
    if (event instanceof VertexEvent v) {
      root.putArray("vertexes").add(vertex(v));
    } else if (event instanceof StatusEvent s) {
      root.putArray("statuses").add(status(s));
    } else if (event instanceof LogEvent l) {
      root.putArray("logs").add(log(l));
    } else if (event instanceof WarningEvent w) {
      root.putArray("warnings").add(warning(w));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /** Every event in one {@code SolveStatus} line, in BuildKit's list order. */
  static List<ProgressEvent> read(String line) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a SolveStatus JSON line: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a SolveStatus JSON object: " + line);
    }
    List<ProgressEvent> events = new ArrayList<>();
    for (JsonNode n : root.path("vertexes")) {
      String error = text(n, "error");
      events.add(
          new VertexEvent(
              text(n, "digest"), strings(n.path("inputs")), n.path("name").asText(""), time(n, "started"),
              time(n, "completed"), n.path("cached").asBoolean(false), error,
              error != null && error.endsWith(VertexHandle.CANCELED_ERROR)));
    }
    for (JsonNode n : root.path("statuses")) {
      events.add(
          new StatusEvent(
              n.path("id").asText(""), n.path("vertex").asText(""), n.path("name").asText(""),
              n.path("current").asLong(0), n.path("total").asLong(0), time(n, "started"),
              time(n, "completed"), time(n, "timestamp")));
    }
    for (JsonNode n : root.path("logs")) {
      events.add(
          new LogEvent(
              n.path("vertex").asText(""), n.path("stream").asInt(LogEvent.STDOUT),
              Base64.getDecoder().decode(n.path("data").asText("")), time(n, "timestamp")));
    }
    for (JsonNode n : root.path("warnings")) {
      List<String> detail = new ArrayList<>();
      for (JsonNode d : n.path("detail")) {
        detail.add(decodeText(d.asText()));
      }
      JsonNode range = n.path("range").path(0);
      events.add(
          new WarningEvent(
              n.path("vertex").asText(""), n.path("level").asInt(0), decodeText(n.path("short").asText("")),
              detail, n.path("url").asText(""), text(n.path("sourceInfo"), "filename"),
              range.path("start").path("line").asInt(0), range.path("end").path("line").asInt(0)));
    }
    return events;
  }

  private static ObjectNode vertex(VertexEvent v) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("digest", v.digest());
    if (!v.inputs().isEmpty()) {
      ArrayNode inputs = n.putArray("inputs");
      v.inputs().forEach(inputs::add);
    }
    putIfNotEmpty(n, "name", v.name());
    putTime(n, "started", v.started());
    putTime(n, "completed", v.completed());
    if (v.cached()) {
      n.put("cached", true);
    }
    String error = v.error() == null && v.canceled() ? VertexHandle.CANCELED_ERROR : v.error();
    putIfNotEmpty(n, "error", error);
    return n;
  }

  private static ObjectNode status(StatusEvent s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", s.id());
    putIfNotEmpty(n, "vertex", s.vertex());
    putIfNotEmpty(n, "name", s.name());
    if (s.total() != 0) {
      n.put("total", s.total());
    }
    n.put("current", s.current());
    n.put("timestamp", formatTime(s.timestamp()));
    putTime(n, "started", s.started());
    putTime(n, "completed", s.completed());
    return n;
  }

  private static ObjectNode log(LogEvent l) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("vertex", l.vertex());
    n.put("stream", l.stream());
    n.put("data", Base64.getEncoder().encodeToString(l.data()));
    n.put("timestamp", formatTime(l.timestamp()));
    return n;
  }

  private static ObjectNode warning(WarningEvent w) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("vertex", w.vertex());
    if (w.level() != 0) {
      n.put("level", w.level());
    }
    if (!w.shortMessage().isEmpty()) {
      n.put("short", encodeText(w.shortMessage()));
    }
    if (!w.detail().isEmpty()) {
      ArrayNode detail = n.putArray("detail");
      w.detail().forEach(d -> detail.add(encodeText(d)));
    }
    putIfNotEmpty(n, "url", w.url());
    if (w.file() != null) {
      n.putObject("sourceInfo").put("filename", w.file());
    }
    if (w.startLine() > 0) {
      ObjectNode range = n.putArray("range").addObject();
      range.putObject("start").put("line", w.startLine());
      range.putObject("end").put("line", w.endLine());
    }
    return n;
  }

  /** Go's {@code time.RFC3339Nano}: fraction digits only as needed. */
  static String formatTime(Instant t) {
    String s = t.toString();
    int dot = s.indexOf('.');
    if (dot < 0) {
      return s;
    }
    int end = s.length() - 1; // before 'Z'
    while (end > dot + 1 && s.charAt(end - 1) == '0') {
      end--;
    }
    return end == dot + 1 ? s.substring(0, dot) + "Z" : s.substring(0, end) + "Z";
  }

  private static void putTime(ObjectNode n, String field, Instant t) {
    if (t != null) {
      n.put(field, formatTime(t));
    }
  }

  private static void putIfNotEmpty(ObjectNode n, String field, String value) {
    if (value != null && !value.isEmpty()) {
      n.put(field, value);
    }
  }

  private static String encodeText(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeText(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant time(JsonNode n, String field) {
    String s = text(n, field);
    return s == null ? null : OffsetDateTime.parse(s).toInstant();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
