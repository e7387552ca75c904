package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PaxHeaderTest {

  static final Instant T = Instant.parse("2024-01-02T03:04:05Z");

  static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void recordsFor_plainShortAsciiEntry_needsNoPax() {
    assertThat(PaxHeader.recordsFor(LayerEntry.file("etc/hosts", 0644, T, new byte[1]), "etc/hosts", T.getEpochSecond())).isNull();
  }

  @Test
  void recordsFor_bigFileLongNonAsciiNameBigIds_sortedRecords() {
    LayerEntry huge =
        new LayerEntry("é/" + "x".repeat(150), LayerEntry.Type.FILE, 0644, 3_000_000, 5, T, 9L << 30, null, Map.of(), 0, 0,
            () -> {
              throw new AssertionError("content must not be read to build headers");
            });
    String records = text(PaxHeader.recordsFor(huge, huge.path(), -1));
    assertThat(records.lines().map(l -> l.substring(l.indexOf(' ') + 1, l.indexOf('='))))
        .containsExactly("mtime", "path", "size", "uid");
    assertThat(records).contains(" size=9663676416\n").contains(" uid=3000000\n").contains(" mtime=-1\n");
  }

  @Test
  void encode_lengthCountsItsOwnDigits_acrossAPowerOfTen() {
    // body of 98 bytes: "98 " would make 100, which needs 3 digits, so the record is 101 bytes long
    Map<String, byte[]> r = new TreeMap<>();
    r.put("k", "v".repeat(98 - 4).getBytes(StandardCharsets.UTF_8));
    byte[] out = PaxHeader.encode(r);
    assertThat(out.length).isEqualTo(101);
    assertThat(text(out)).startsWith("101 k=");
    for (int n = 1; n < 300; n++) {
      Map<String, byte[]> one = Map.of("path", "p".repeat(n).getBytes(StandardCharsets.UTF_8));
      byte[] rec = PaxHeader.encode(one);
      assertThat(text(rec)).startsWith(rec.length + " ");
    }
  }

  @Test
  void headerName_isShortAscii() {
    assertThat(PaxHeader.headerName("dir/é" + "y".repeat(200))).startsWith("PaxHeaders.0/_yyy").hasSizeLessThan(100);
    assertThat(PaxHeader.headerName("a/b/")).isEqualTo("PaxHeaders.0/b");
  }
}
