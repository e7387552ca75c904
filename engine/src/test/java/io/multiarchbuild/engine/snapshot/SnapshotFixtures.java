package io.multiarchbuild.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Layers and RUN-like file operations shared by the snapshot ITs. */
final class SnapshotFixtures {

  static final Instant BASE_TIME = Instant.parse("2019-06-01T00:00:00Z");
  static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");
  static final Path BUSYBOX = Path.of("/var/lib/multiarch-build-test/busybox-oci");

  private SnapshotFixtures() {}

  static LayerWriter writer() {
    return new LayerWriter(new LayerWriter.Options(Compression.GZIP, 1, 1, EPOCH, MediaTypeStyle.OCI));
  }

  /** A written layer: its bytes and what LayerWriter reported. */
  record Blob(byte[] bytes, Layer layer) {
    InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  static Blob write(List<LayerEntry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Layer l = writer().write(entries, out);
    return new Blob(out.toByteArray(), l);
  }

  /** The base the RUN operations act on. */
  static List<LayerEntry> baseEntries() {
    return List.of(
        LayerEntry.directory("etc", 0755, BASE_TIME),
        LayerEntry.file("etc/keep", 0644, BASE_TIME, bytes("keep")),
        LayerEntry.file("etc/modify", 0644, BASE_TIME, bytes("old")),
        LayerEntry.file("etc/delete", 0644, BASE_TIME, bytes("delete me")),
        LayerEntry.directory("dir", 0755, BASE_TIME),
        LayerEntry.file("dir/old1", 0644, BASE_TIME, bytes("1")),
        LayerEntry.file("dir/old2", 0644, BASE_TIME, bytes("2")),
        LayerEntry.directory("bin", 0755, BASE_TIME),
        LayerEntry.file("bin/tool", 0644, BASE_TIME, bytes("#!/bin/sh\n")),
        LayerEntry.directory("gone", 0755, BASE_TIME),
        LayerEntry.file("gone/x", 0644, BASE_TIME, bytes("x")));
  }

  /** What a RUN might do, done from Java on the mounted (or copied) root file system. */
  static void runLikeOperations(Path rootfs) throws IOException {
    Files.writeString(rootfs.resolve("etc/new"), "new");
    Files.writeString(rootfs.resolve("etc/modify"), "changed content");
    Files.delete(rootfs.resolve("etc/delete"));
    Files.delete(rootfs.resolve("dir/old1"));
    Files.delete(rootfs.resolve("dir/old2"));
    Files.delete(rootfs.resolve("dir"));
    Files.createDirectory(rootfs.resolve("dir"));
    Files.writeString(rootfs.resolve("dir/fresh"), "fresh");
    Files.setPosixFilePermissions(rootfs.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(rootfs.resolve("etc/link"), Path.of("keep"));
    Files.delete(rootfs.resolve("gone/x"));
    Files.delete(rootfs.resolve("gone"));
  }

  /** The diff those operations must produce: path → type (whiteouts are empty files). */
  static Map<String, LayerEntry.Type> expectedDiff() {
    Map<String, LayerEntry.Type> m = new TreeMap<>();
    m.put("bin", LayerEntry.Type.DIRECTORY);
    m.put("bin/tool", LayerEntry.Type.FILE);
    m.put("dir", LayerEntry.Type.DIRECTORY);
    m.put("dir/.wh..wh..opq", LayerEntry.Type.FILE);
    m.put("dir/fresh", LayerEntry.Type.FILE);
    m.put("etc", LayerEntry.Type.DIRECTORY);
    m.put("etc/.wh.delete", LayerEntry.Type.FILE);
    m.put("etc/link", LayerEntry.Type.SYMLINK);
    m.put("etc/modify", LayerEntry.Type.FILE);
    m.put("etc/new", LayerEntry.Type.FILE);
    m.put(".wh.gone", LayerEntry.Type.FILE);
    return m;
  }

  static Map<String, LayerEntry.Type> types(List<LayerEntry> entries) {
    Map<String, LayerEntry.Type> m = new TreeMap<>();
    entries.forEach(e -> m.put(e.path(), e.type()));
    return m;
  }

  static LayerEntry entry(List<LayerEntry> entries, String path) {
    return entries.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError("no entry " + path));
  }

  static String content(LayerEntry e) throws IOException {
    try (InputStream in = e.content().open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Mount points in this process's namespace that lie under {@code dir}. */
  static List<String> mountsUnder(Path dir) throws IOException {
    String prefix = dir.toRealPath().toString();
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .map(l -> l.split(" ")[4])
        .filter(mp -> mp.startsWith(prefix))
        .toList();
  }

  /** The busybox test image's layer for this machine: its diff_id and blob file. */
  record BaseLayer(Digest diffId, Path blob) {}

  static BaseLayer busyboxLayer() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode index = json.readTree(BUSYBOX.resolve("index.json").toFile());
    JsonNode inner = json.readTree(blob(index.path("manifests").path(0).path("digest").asText()).toFile());
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    for (JsonNode m : inner.path("manifests")) {
      if (m.path("platform").path("architecture").asText().equals(arch)) {
        JsonNode manifest = json.readTree(blob(m.path("digest").asText()).toFile());
        JsonNode config = json.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
        assertThat(manifest.path("layers").size()).isEqualTo(1);
        return new BaseLayer(
            Digest.parse(config.path("rootfs").path("diff_ids").path(0).asText()),
            blob(manifest.path("layers").path(0).path("digest").asText()));
      }
    }
    throw new AssertionError("no " + arch + " manifest in " + BUSYBOX);
  }

  private static Path blob(String digest) {
    return BUSYBOX.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
