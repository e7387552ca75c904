package io.multiarchbuild.engine.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.progress.LogEvent;
import io.multiarchbuild.engine.progress.ProgressEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Searches bytes for secret material: every file of a tree, every manifest and blob of an image in
 * a registry, progress events, text. Gzip streams and tar archives are opened and their contents
 * searched too (recursively: a docker tar holds gzip layers holding files), so a value inside a
 * compressed layer is found.
 */
final class LeakScanner {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT = String.join(",",
      "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.distribution.manifest.v2+json");

  private final List<byte[]> needles = new ArrayList<>();
  private final List<String> hits = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int scanned;

  LeakScanner(List<String> needles) {
    for (String n : needles) {
      this.needles.add(n.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The values and their base64 forms (standard and URL alphabet, with and without padding). */
  static List<String> withBase64(List<String> values) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      out.add(v);
      out.add(Base64.getEncoder().encodeToString(b));
      out.add(Base64.getEncoder().withoutPadding().encodeToString(b));
      out.add(Base64.getUrlEncoder().encodeToString(b));
      out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    }
    return List.copyOf(out);
  }

  List<String> hits() {
    return List.copyOf(hits);
  }

  /** How many files, registry documents and archive members were searched. */
  int scannedBlobs() {
    return scanned;
  }

  void tree(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          bytes(p.toString(), Files.readAllBytes(p));
        } else if (Files.isSymbolicLink(p)) {
          text(p + " (symlink)", Files.readSymbolicLink(p).toString());
        }
      }
    }
  }

  /** The image {@code repo:tag} in {@code registry} (plain HTTP): index, manifests, configs, layers. */
  void registry(String registry, String repo, String tag) throws IOException, InterruptedException {
    manifest(registry, repo, tag);
  }

  private void manifest(String registry, String repo, String reference) throws IOException, InterruptedException {
    byte[] body = get("http://" + registry + "/v2/" + repo + "/manifests/" + reference, ACCEPT);
    bytes("registry manifest " + reference, body);
    JsonNode doc = JSON.readTree(body);
    if (doc.has("manifests")) {
      for (JsonNode m : doc.get("manifests")) {
        manifest(registry, repo, m.get("digest").asText());
      }
      return;
    }
    List<String> blobs = new ArrayList<>();
    blobs.add(doc.get("config").get("digest").asText());
    doc.get("layers").forEach(l -> blobs.add(l.get("digest").asText()));
    for (String digest : blobs) {
      bytes("registry blob " + digest, get("http://" + registry + "/v2/" + repo + "/blobs/" + digest, "*/*"));
    }
  }

  private byte[] get(String url, String accept) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + r.statusCode());
    }
    return r.body();
  }

  void events(List<ProgressEvent> events) {
    for (ProgressEvent e : events) {
      if (e instanceof LogEvent l) {
        bytes("log event of " + l.vertex(), l.data());
      } else {
        text("progress event", e.toString());
      }
    }
  }

  void text(String where, String text) {
    bytes(where, text.getBytes(StandardCharsets.UTF_8));
  }

  private void bytes(String where, byte[] data) {
    scanned++;
    for (int i = 0; i < needles.size(); i++) {
      if (indexOf(data, needles.get(i)) >= 0) {
        hits.add(where + ": secret material #" + i);
      }
    }
    try {
      if (data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
          bytes(where + " (gunzipped)", in.readAllBytes());
        }
      } else if (data.length > 262 && new String(data, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(data))) {
          for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            text(where + "!" + e.getName() + " (header)", e.getName() + "\0" + e.getLinkName() + "\0" + e.getExtraPaxHeaders());
            if (e.isFile()) {
              bytes(where + "!" + e.getName(), tar.readAllBytes());
            }
          }
        }
      }
    } catch (IOException e) {
      hits.add(where + ": cannot be opened for scanning: " + e.getMessage());
    }
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (data[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
