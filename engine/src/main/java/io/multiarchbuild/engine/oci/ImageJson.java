package io.multiarchbuild.engine.oci;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one translator between the image model and its wire JSON (manifests, indexes, configs; OCI and
 * Docker schema 2 alike).
 *
 * <p>Output is deterministic so that equal values always give equal bytes and therefore equal
 * digests: fields in a fixed order (the order of the Go structs in the image spec, as containerd and
 * BuildKit write them), map keys sorted, nulls and empty optional fields omitted, no whitespace.
 * Reading is lenient about unknown fields, and for configs keeps them (see {@link ImageConfig}).
 */
public final class ImageJson {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private ImageJson() {}

  // ---- writing ----------------------------------------------------------------------------

  /** The JSON bytes of an index / manifest list. */
  public static byte[] write(ImageIndex index) {
    return generate(
        g -> {
          g.writeStartObject();
          g.writeNumberField("schemaVersion", index.schemaVersion());
          g.writeStringField("mediaType", index.mediaType());
          g.writeArrayFieldStart("manifests");
          for (Descriptor d : index.manifests()) {
            writeDescriptor(g, d);
          }
          g.writeEndArray();
          writeStringMap(g, "annotations", index.annotations());
          g.writeEndObject();
        });
  }

  /** The JSON bytes of an image manifest. */
  public static byte[] write(ImageManifest manifest) {
    return generate(
        g -> {
          g.writeStartObject();
          g.writeNumberField("schemaVersion", manifest.schemaVersion());
          g.writeStringField("mediaType", manifest.mediaType());
          g.writeFieldName("config");
          writeDescriptor(g, manifest.config());
          g.writeArrayFieldStart("layers");
          for (Descriptor d : manifest.layers()) {
            writeDescriptor(g, d);
          }
          g.writeEndArray();
          if (manifest.subject() != null) {
            g.writeFieldName("subject");
            writeDescriptor(g, manifest.subject());
          }
          writeStringMap(g, "annotations", manifest.annotations());
          g.writeEndObject();
        });
  }

  /** The JSON bytes of an image config. */
  public static byte[] write(ImageConfig config) {
    return generate(g -> ConfigJson.write(g, config));
  }

  /** {@code bytes} described as {@code mediaType} (its sha256 and size). */
  public static Descriptor describe(String mediaType, byte[] bytes) {
    return Descriptor.ofContent(mediaType, bytes);
  }

  // ---- reading ----------------------------------------------------------------------------

  /** Parses an OCI index or Docker manifest list. */
  public static ImageIndex readIndex(byte[] json) {
    JsonNode root = parse(json, "image index");
    JsonNode manifests = root.get("manifests");
    if (manifests == null || !manifests.isArray()) {
      throw new InvalidImageJsonException("image index", "no \"manifests\" array");
    }
    List<Descriptor> ds = new ArrayList<>();
    for (JsonNode m : manifests) {
      ds.add(readDescriptor(m, "image index"));
    }
    String mediaType = text(root, "mediaType");
    return new ImageIndex(
        root.path("schemaVersion").asInt(2),
        mediaType == null ? MediaTypes.OCI_INDEX : mediaType,
        ds,
        readStringMap(root.get("annotations")));
  }

  /** Parses an OCI or Docker schema 2 image manifest. */
  public static ImageManifest readManifest(byte[] json) {
    JsonNode root = parse(json, "image manifest");
    JsonNode config = root.get("config");
    JsonNode layers = root.get("layers");
    if (config == null || !config.isObject()) {
      throw new InvalidImageJsonException("image manifest", "no \"config\" descriptor");
    }
    List<Descriptor> ls = new ArrayList<>();
    if (layers != null && layers.isArray()) {
      for (JsonNode l : layers) {
        ls.add(readDescriptor(l, "image manifest"));
      }
    }
    JsonNode subject = root.get("subject");
    String mediaType = text(root, "mediaType");
    return new ImageManifest(
        root.path("schemaVersion").asInt(2),
        mediaType == null ? MediaTypes.OCI_MANIFEST : mediaType,
        readDescriptor(config, "image manifest"),
        ls,
        readStringMap(root.get("annotations")),
        subject == null || subject.isNull() ? null : readDescriptor(subject, "image manifest"));
  }

  /** Parses an image config; unknown keys are kept in {@code extra}. */
  public static ImageConfig readConfig(byte[] json) {
    return ConfigJson.read(parse(json, "image config"));
  }

  /**
   * The media type of a manifest or index document: its {@code mediaType} field, or, when a registry
   * omitted it (allowed by the OCI spec), inferred from the shape. Null when neither works.
   */
  public static String mediaTypeOf(byte[] json) {
    JsonNode root = parse(json, "manifest");
    String mt = text(root, "mediaType");
    if (mt != null) {
      return mt;
    }
    if (root.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.has("config") && root.has("layers")) {
      return MediaTypes.OCI_MANIFEST;
    }
    return null;
  }

  // ---- shared pieces ----------------------------------------------------------------------

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] generate(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toByteArray();
  }

  static JsonNode parse(byte[] json, String what) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new InvalidImageJsonException(what, "not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new InvalidImageJsonException(what, e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeDescriptor(JsonGenerator g, Descriptor d) throws IOException {
    g.writeStartObject();
    g.writeStringField("mediaType", d.mediaType());
    g.writeStringField("digest", d.digest().toString());
    g.writeNumberField("size", d.size());
    if (!d.urls().isEmpty()) {
      g.writeArrayFieldStart("urls");
      for (String u : d.urls()) {
        g.writeString(u);
      }
      g.writeEndArray();
    }
    writeStringMap(g, "annotations", d.annotations());
    if (d.platform() != null) {
      Platform p = d.platform();
      g.writeObjectFieldStart("platform");
      g.writeStringField("architecture", p.architecture());
      g.writeStringField("os", p.os());
      if (!p.variant().isEmpty()) {
        g.writeStringField("variant", p.variant());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  static Descriptor readDescriptor(JsonNode n, String what) {
    String mediaType = text(n, "mediaType");
    String digest = text(n, "digest");
    if (mediaType == null || digest == null || !n.path("size").canConvertToLong()) {
      throw new InvalidImageJsonException(what, "descriptor without mediaType, digest or size: " + n);
    }
    List<String> urls = new ArrayList<>();
    for (JsonNode u : n.path("urls")) {
      urls.add(u.asText());
    }
    Platform platform = null;
    JsonNode p = n.get("platform");
    if (p != null && p.isObject()) {
      String os = text(p, "os");
      String arch = text(p, "architecture");
      if (os == null || arch == null) {
        throw new InvalidImageJsonException(what, "platform without os or architecture: " + p);
      }
      platform = new Platform(os, arch, text(p, "variant"));
    }
    return new Descriptor(
        mediaType, Digest.parse(digest), n.path("size").asLong(), readStringMap(n.get("annotations")), platform, urls);
  }

  /** Writes a string map with sorted keys; nothing when empty. */
  static void writeStringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
    if (map.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  static Map<String, String> readStringMap(JsonNode n) {
    Map<String, String> m = new TreeMap<>();
    if (n != null && n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          m.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    return m;
  }

  /** A string field's value, or null when absent, null or empty. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
