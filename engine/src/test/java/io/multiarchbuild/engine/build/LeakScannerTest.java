package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak scan's own control: it must find a value hidden in a gzip layer inside a tar, and base64 forms. */
class LeakScannerTest {

  @Test
  void tree_valueInGzipLayerInsideTar_isFound(@TempDir Path dir) throws Exception {
    byte[] layer = gzip(tar("etc/app.conf", "password=hunter2-very-secret\n".getBytes(StandardCharsets.UTF_8)));
    Files.write(dir.resolve("image.tar"), tar("blobs/sha256/abc", layer));
    LeakScanner scan = new LeakScanner(LeakScanner.withBase64(List.of("hunter2-very-secret")));

    scan.tree(dir);

    assertThat(scan.hits()).anyMatch(h -> h.contains("image.tar!blobs/sha256/abc (gunzipped)!etc/app.conf: "));
  }

  @Test
  void text_base64Form_isFound_cleanText_isNot() {
    LeakScanner scan = new LeakScanner(LeakScanner.withBase64(List.of("hunter2-very-secret")));

    scan.text("log", "Authorization: Basic " + Base64.getEncoder().encodeToString("hunter2-very-secret".getBytes(StandardCharsets.UTF_8)));
    scan.text("clean", "nothing to see");

    assertThat(scan.hits()).contains("log: secret material #1").noneMatch(h -> h.startsWith("clean"));
  }

  private static byte[] tar(String name, byte[] content) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      t.putArchiveEntry(e);
      t.write(content);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out)) {
      g.write(data);
    }
    return out.toByteArray();
  }
}
