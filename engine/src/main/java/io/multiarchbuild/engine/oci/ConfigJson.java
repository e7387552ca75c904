package io.multiarchbuild.engine.oci;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The image config half of {@link ImageJson}; key names and order follow Docker's image JSON. */
final class ConfigJson {

  private static final Set<String> TOP_KEYS =
      Set.of("created", "author", "architecture", "os", "variant", "config", "rootfs", "history");
  private static final Set<String> CONFIG_KEYS =
      Set.of(
          "User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels", "StopSignal",
          "ArgsEscaped", "Healthcheck", "OnBuild", "Shell");

  private ConfigJson() {}

  static void write(JsonGenerator g, ImageConfig c) throws IOException {
    g.writeStartObject();
    if (c.created() != null) {
      g.writeStringField("created", DateTimeFormatter.ISO_INSTANT.format(c.created()));
    }
    writeOptional(g, "author", c.author());
    g.writeStringField("architecture", c.architecture());
    g.writeStringField("os", c.os());
    writeOptional(g, "variant", c.variant());
    g.writeFieldName("config");
    writeRuntime(g, c.config());
    g.writeObjectFieldStart("rootfs");
    g.writeStringField("type", "layers");
    g.writeArrayFieldStart("diff_ids");
    for (Digest d : c.diffIds()) {
      g.writeString(d.toString());
    }
    g.writeEndArray();
    g.writeEndObject();
    if (!c.history().isEmpty()) {
      g.writeArrayFieldStart("history");
      for (ImageConfig.History h : c.history()) {
        g.writeStartObject();
        if (h.created() != null) {
          g.writeStringField("created", DateTimeFormatter.ISO_INSTANT.format(h.created()));
        }
        writeOptional(g, "created_by", h.createdBy());
        writeOptional(g, "author", h.author());
        writeOptional(g, "comment", h.comment());
        if (h.emptyLayer()) {
          g.writeBooleanField("empty_layer", true);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    writeExtra(g, c.extra());
    g.writeEndObject();
  }

  private static void writeRuntime(JsonGenerator g, ImageConfig.Config c) throws IOException {
    g.writeStartObject();
    writeOptional(g, "User", c.user());
    writeSet(g, "ExposedPorts", c.exposedPorts());
    if (!c.env().isEmpty()) {
      writeList(g, "Env", c.env());
    }
    writeList(g, "Entrypoint", c.entrypoint());
    writeList(g, "Cmd", c.cmd());
    writeSet(g, "Volumes", c.volumes());
    writeOptional(g, "WorkingDir", c.workingDir());
    ImageJson.writeStringMap(g, "Labels", c.labels());
    writeOptional(g, "StopSignal", c.stopSignal());
    if (c.argsEscaped() != null) {
      g.writeBooleanField("ArgsEscaped", c.argsEscaped());
    }
    ImageConfig.Healthcheck h = c.healthcheck();
    if (h != null) {
      g.writeObjectFieldStart("Healthcheck");
      writeList(g, "Test", h.test());
      writeDuration(g, "Interval", h.interval());
      writeDuration(g, "Timeout", h.timeout());
      writeDuration(g, "StartPeriod", h.startPeriod());
      writeDuration(g, "StartInterval", h.startInterval());
      if (h.retries() != 0) {
        g.writeNumberField("Retries", h.retries());
      }
      g.writeEndObject();
    }
    writeList(g, "OnBuild", c.onBuild());
    writeList(g, "Shell", c.shell());
    writeExtra(g, c.extra());
    g.writeEndObject();
  }

  static ImageConfig read(JsonNode root) {
    String arch = ImageJson.text(root, "architecture");
    String os = ImageJson.text(root, "os");
    if (arch == null || os == null) {
      throw new InvalidImageJsonException("image config", "no \"architecture\" or \"os\"");
    }
    List<Digest> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      diffIds.add(Digest.parse(d.asText()));
    }
    List<ImageConfig.History> history = new ArrayList<>();
    for (JsonNode h : root.path("history")) {
      history.add(
          new ImageConfig.History(
              instant(h, "created"),
              ImageJson.text(h, "created_by"),
              ImageJson.text(h, "author"),
              ImageJson.text(h, "comment"),
              h.path("empty_layer").asBoolean(false)));
    }
    JsonNode cfg = root.get("config");
    return new ImageConfig(
        instant(root, "created"),
        ImageJson.text(root, "author"),
        arch,
        os,
        ImageJson.text(root, "variant"),
        cfg == null || !cfg.isObject() ? ImageConfig.Config.EMPTY : readRuntime(cfg),
        diffIds,
        history,
        extra(root, TOP_KEYS));
  }

  private static ImageConfig.Config readRuntime(JsonNode c) {
    JsonNode hc = c.get("Healthcheck");
    ImageConfig.Healthcheck health = null;
    if (hc != null && hc.isObject()) {
      health =
          new ImageConfig.Healthcheck(
              list(hc, "Test"),
              Duration.ofNanos(hc.path("Interval").asLong()),
              Duration.ofNanos(hc.path("Timeout").asLong()),
              Duration.ofNanos(hc.path("StartPeriod").asLong()),
              Duration.ofNanos(hc.path("StartInterval").asLong()),
              hc.path("Retries").asInt());
    }
    JsonNode argsEscaped = c.get("ArgsEscaped");
    return new ImageConfig.Config(
        ImageJson.text(c, "User"),
        keys(c.get("ExposedPorts")),
        list(c, "Env"),
        list(c, "Entrypoint"),
        list(c, "Cmd"),
        keys(c.get("Volumes")),
        ImageJson.text(c, "WorkingDir"),
        ImageJson.readStringMap(c.get("Labels")),
        ImageJson.text(c, "StopSignal"),
        argsEscaped == null || argsEscaped.isNull() ? null : argsEscaped.asBoolean(),
        health,
        list(c, "OnBuild"),
        list(c, "Shell"),
        extra(c, CONFIG_KEYS));
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static void writeOptional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }

  /** Writes a list, including an empty one (Docker tells {@code "Cmd":[]} from unset); nothing for null. */
  private static void writeList(JsonGenerator g, String field, List<String> values) throws IOException {
    if (values == null) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Docker's set encoding: {@code {"80/tcp":{}}}, sorted. */
  private static void writeSet(JsonGenerator g, String field, Set<String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(field);
    for (String v : new TreeSet<>(values)) {
      g.writeObjectFieldStart(v);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeDuration(JsonGenerator g, String field, Duration d) throws IOException {
    if (!d.isZero()) {
      g.writeNumberField(field, d.toNanos());
    }
  }

  private static void writeExtra(JsonGenerator g, Map<String, String> extra) throws IOException {
    for (Map.Entry<String, String> e : new TreeMap<>(extra).entrySet()) {
      g.writeFieldName(e.getKey());
      g.writeRawValue(e.getValue());
    }
  }

  private static Map<String, String> extra(JsonNode n, Set<String> known) {
    Map<String, String> m = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!known.contains(e.getKey())) {
        try {
          m.put(e.getKey(), ImageJson.MAPPER.writeValueAsString(e.getValue()));
        } catch (JsonProcessingException ex) {
          throw new IllegalStateException("re-serialising a parsed JSON tree", ex);
        }
      }
    }
    return m;
  }

  private static List<String> list(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode x : v) {
        out.add(x.asText());
      }
    } else {
      out.add(v.asText()); // very old images wrote a bare string
    }
    return out;
  }

  private static Set<String> keys(JsonNode n) {
    Set<String> s = new TreeSet<>();
    if (n != null && n.isObject()) {
      n.fieldNames().forEachRemaining(s::add);
    }
    return s;
  }

  private static Instant instant(JsonNode n, String field) {
    String t = ImageJson.text(n, field);
    if (t == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidImageJsonException("image config", "bad time \"" + t + "\" in " + field);
    }
  }
}
