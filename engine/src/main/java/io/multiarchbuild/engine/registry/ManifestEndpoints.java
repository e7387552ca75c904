package io.multiarchbuild.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.InvalidDigestException;
import io.multiarchbuild.engine.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

/** {@code /v2/<name>/manifests/<reference>}: HEAD, GET and PUT, with digest checks. */
final class ManifestEndpoints {

  static final List<String> ALL_TYPES = List.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
      MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
  /** Manifests are small; a registry sending more is broken or hostile. */
  private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Transport transport;

  ManifestEndpoints(Transport transport) {
    this.transport = transport;
  }

  Optional<Descriptor> head(ImageReference ref, List<String> accept) {
    String action = "check manifest " + ref.reference() + " in";
    HttpResponse<InputStream> r = transport.send(call(ref, action, accept, "HEAD"));
    if (r.statusCode() != 200 && r.statusCode() != 404) {
      throw ErrorResponses.fromResponse(action, ref.context(), r);
    }
    ErrorResponses.readBounded(r.body());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    Digest digest = ref.digest();
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()) {
      Digest said = parseDigest(action, ref, header.get());
      if (digest != null && !digest.equals(said)) {
        throw new DigestMismatchException(action, ref.context(), digest, said);
      }
      digest = said;
    }
    if (digest == null) {
      // No header: fall back to fetching the bytes, whose digest we can compute ourselves.
      return Optional.of(get(ref, accept).descriptor());
    }
    long size = r.headers().firstValueAsLong("Content-Length").orElse(0);
    String type = r.headers().firstValue("Content-Type").orElse(MediaTypes.OCI_MANIFEST);
    return Optional.of(Descriptor.of(stripParams(type), digest, size));
  }

  RawManifest get(ImageReference ref, List<String> accept) {
    String action = "pull manifest " + ref.reference() + " from";
    HttpResponse<InputStream> r = transport.send(call(ref, action, accept, "GET"));
    if (r.statusCode() != 200) {
      throw ErrorResponses.fromResponse(action, ref.context(), r);
    }
    byte[] bytes;
    try (InputStream in = transport.stallGuard.guard(r.body())) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw ErrorResponses.fromIo(action, ref.context(), ref.apiHost(), e, 1);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(action, ref.context(), 200, null,
          "manifest larger than " + MAX_MANIFEST_BYTES + " bytes", null);
    }
    Digest actual = Digest.sha256(bytes);
    if (ref.digest() != null && !ref.digest().equals(actual)) {
      throw new DigestMismatchException(action, ref.context(), ref.digest(), actual);
    }
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()) {
      Digest said = parseDigest(action, ref, header.get());
      if (said.algorithm().equals("sha256") && !said.equals(actual)) {
        throw new DigestMismatchException(action, ref.context(), said, actual);
      }
    }
    String type = r.headers().firstValue("Content-Type").map(ManifestEndpoints::stripParams).orElse("");
    if (!ALL_TYPES.contains(type)) {
      type = peekMediaType(bytes).orElse(type.isEmpty() ? MediaTypes.OCI_MANIFEST : type);
    }
    return new RawManifest(bytes, type, actual);
  }

  Digest put(ImageReference ref, byte[] bytes, String mediaType) {
    String action = "push manifest " + ref.reference() + " to";
    Digest expected = Digest.sha256(bytes);
    if (ref.digest() != null && !ref.digest().equals(expected)) {
      throw new IllegalArgumentException("manifest bytes hash to " + expected + ", not " + ref.digest());
    }
    // A PUT of the same bytes to the same reference is idempotent: safe to retry.
    Transport.Call call = new Transport.Call(action, ref.context(), ref.registry(),
        List.of(pushScope(ref.repository())), true, bytes.length,
        () -> HttpRequest.newBuilder(manifestUri(ref))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    HttpResponse<InputStream> r = transport.send(call);
    if (r.statusCode() != 201 && r.statusCode() != 200) {
      throw ErrorResponses.fromResponse(action, ref.context(), r);
    }
    ErrorResponses.readBounded(r.body());
    Optional<String> said = r.headers().firstValue("Docker-Content-Digest");
    if (said.isPresent()) {
      Digest d = parseDigest(action, ref, said.get());
      if (!d.equals(expected)) {
        throw new DigestMismatchException(action, ref.context(), expected, d);
      }
    }
    return expected;
  }

  private Transport.Call call(ImageReference ref, String action, List<String> accept, String method) {
    return new Transport.Call(action, ref.context(), ref.registry(), List.of(pullScope(ref.repository())), true, 0,
        () -> HttpRequest.newBuilder(manifestUri(ref))
            .header("Accept", String.join(", ", accept))
            .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private java.net.URI manifestUri(ImageReference ref) {
    return transport.endpoint(ref.registry()).uri(ref.repository() + "/manifests/" + ref.reference());
  }

  static String pullScope(String repository) {
    return "repository:" + repository + ":pull";
  }

  static String pushScope(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  private static Digest parseDigest(String action, ImageReference ref, String text) {
    try {
      return Digest.parse(text.trim());
    } catch (InvalidDigestException e) {
      throw new RegistryException(action, ref.context(), 200, null,
          "registry sent an invalid Docker-Content-Digest \"" + text + "\"", e);
    }
  }

  static String stripParams(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
  }

  /** The {@code mediaType} field, for registries that answer with a generic Content-Type. */
  static Optional<String> peekMediaType(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      String t = n == null ? "" : n.path("mediaType").asText("");
      if (!t.isEmpty()) {
        return Optional.of(t);
      }
      if (n != null && n.has("manifests")) {
        return Optional.of(MediaTypes.OCI_INDEX);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The digests of the config and layers of a manifest, or of the manifests of an index. */
  static List<Descriptor> references(RawManifest m) {
    java.util.ArrayList<Descriptor> out = new java.util.ArrayList<>();
    try {
      JsonNode root = JSON.readTree(m.bytes());
      if (root.has("config")) {
        out.add(descriptor(root.get("config")));
      }
      for (JsonNode n : root.path("layers")) {
        out.add(descriptor(n));
      }
      for (JsonNode n : root.path("manifests")) {
        out.add(descriptor(n));
      }
    } catch (IOException | RuntimeException e) {
      throw new RegistryException("read manifest", m.digest().toString(), 0, null,
          "not a valid manifest or index: " + e.getMessage(), e);
    }
    return List.copyOf(out);
  }

  private static Descriptor descriptor(JsonNode n) {
    Descriptor d = Descriptor.of(n.path("mediaType").asText(""), Digest.parse(n.path("digest").asText("")),
        n.path("size").asLong(0));
    JsonNode p = n.path("platform");
    if (p.isObject()) {
      d = d.withPlatform(new io.multiarchbuild.engine.oci.Platform(p.path("os").asText(""),
          p.path("architecture").asText(""), p.path("variant").asText("")));
    }
    return d;
  }
}
