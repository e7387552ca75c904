package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerWriterTest {

  static final Instant T = Instant.parse("2024-01-02T03:04:05Z");

  /** vfs_cap_data revision 2, effective, permitted = CAP_SETUID|CAP_NET_RAW: binary, with a byte >= 0x80. */
  static final byte[] CAP_SETUID_NET_RAW = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  @TempDir Path tmp;

  static LayerWriter.Options opts(Compression c, int threads) {
    return LayerWriter.Options.defaults().withCompression(c, -1).withThreads(threads);
  }

  static List<LayerEntry> sampleEntries() {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(big);
    for (int i = 0; i < big.length; i += 3) {
      big[i] = 'x'; // compressible but not trivial
    }
    String longName = "deep/" + "d".repeat(120) + "/file-with-a-long-name.txt";
    return List.of(
        LayerEntry.directory("etc", 0755, T),
        LayerEntry.file("etc/hello.txt", 0644, T, "hello\n".getBytes(StandardCharsets.UTF_8)),
        LayerEntry.hardlink("etc/hello-link.txt", "etc/hello.txt", T),
        LayerEntry.symlink("etc/motd", "hello.txt", T),
        LayerEntry.file("usr/bin/tool", 04755, T, big).withOwner(1000, 1000),
        LayerEntry.file(longName, 0600, T, "long".getBytes(StandardCharsets.UTF_8)),
        LayerEntry.file("données/é.txt", 0644, T, "utf8".getBytes(StandardCharsets.UTF_8)),
        LayerEntry.file("big-ids", 0644, T, new byte[0]).withOwner(3_000_000L, 4_000_000L),
        new LayerEntry("dev/null", LayerEntry.Type.CHAR_DEVICE, 0666, 0, 0, T, 0, null, Map.of(), 1, 3, null),
        new LayerEntry("dev/loop0", LayerEntry.Type.BLOCK_DEVICE, 0660, 0, 6, T, 0, null, Map.of(), 7, 0, null),
        new LayerEntry("run/fifo", LayerEntry.Type.FIFO, 0600, 0, 0, T, 0, null, Map.of(), 0, 0, null),
        LayerEntry.whiteout("var/old", T),
        LayerEntry.opaqueWhiteout("var/cache", T),
        LayerEntry.file("caps", 0755, T, new byte[] {1})
            .withXattrs(Map.of("security.capability", CAP_SETUID_NET_RAW, "user.note", "hi".getBytes(StandardCharsets.UTF_8))));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void write_sameInputTwice_identicalBytesAndDigests(Compression c) throws IOException {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Layer la = new LayerWriter(opts(c, 1)).write(sampleEntries(), a);
    List<LayerEntry> shuffled = new ArrayList<>(sampleEntries());
    Collections.reverse(shuffled);
    Layer lb = new LayerWriter(opts(c, 1)).write(shuffled, b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
    assertThat(la).isEqualTo(lb);
    assertThat(la.blob().size()).isEqualTo(a.size());
    assertThat(la.blob().digest()).isEqualTo(Digest.sha256(a.toByteArray()));
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
  void write_threadCount_neverChangesTheBytes(Compression c) throws IOException {
    Layer one = new LayerWriter(opts(c, 1)).write(sampleEntries(), new ByteArrayOutputStream());
    Layer three = new LayerWriter(opts(c, 3)).write(sampleEntries(), new ByteArrayOutputStream());
    assertThat(three).isEqualTo(one);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void write_diffIdAndSizes_matchSystemTools(Compression c) throws Exception {
    Path blob = tmp.resolve("layer.blob");
    Layer layer = new LayerWriter(opts(c, 2)).write(sampleEntries(), blob);
    String decompress =
        switch (c) {
          case NONE -> "cat layer.blob";
          case GZIP -> "gzip -t layer.blob && gzip -dc layer.blob";
          case ZSTD -> "zstd -q -t layer.blob && zstd -q -dc layer.blob";
        };
    String sha = Tools.sh(tmp, decompress + " | sha256sum").split(" ")[0];
    String len = Tools.sh(tmp, decompress + " | wc -c").trim();
    assertThat("sha256:" + sha).isEqualTo(layer.diffId().toString());
    assertThat(Long.parseLong(len)).isEqualTo(layer.uncompressedSize());
    assertThat(Files.size(blob)).isEqualTo(layer.blob().size());
    assertThat("sha256:" + Tools.sh(tmp, "sha256sum layer.blob").split(" ")[0]).isEqualTo(layer.blob().digest().toString());
    assertThat(layer.blob().mediaType()).isEqualTo(MediaTypeStyle.OCI.layerType(c));
  }

  @Test
  void write_tarListsEntriesWithModesLinksAndOwners() throws Exception {
    Path blob = tmp.resolve("layer.tar.gz");
    new LayerWriter(opts(Compression.GZIP, 1)).write(sampleEntries(), blob);
    List<String> listing = Tools.lines(Tools.sh(tmp, "tar --numeric-owner -tvzf layer.tar.gz"));
    String longName = "deep/" + "d".repeat(120) + "/file-with-a-long-name.txt";
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("drwxr-xr-x 0/0").endsWith(" etc/"));
    // the hardlink group is written first-path-first: hello-link.txt sorts before hello.txt
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("-rw-r--r-- 0/0").endsWith(" 6 2024-01-02 03:04 etc/hello-link.txt"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("hrw-r--r-- 0/0").endsWith(" etc/hello.txt link to etc/hello-link.txt"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("lrwxrwxrwx 0/0").endsWith(" etc/motd -> hello.txt"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("-rwsr-xr-x 1000/1000").contains(" 3145745 ").endsWith(" usr/bin/tool"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("-rw-------").endsWith(" " + longName));
    assertThat(listing).anySatisfy(l -> assertThat(l).endsWith(" données/é.txt"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("-rw-r--r-- 3000000/4000000").endsWith(" big-ids"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("crw-rw-rw- 0/0").contains("1,3").endsWith(" dev/null"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("brw-rw---- 0/6").contains("7,0").endsWith(" dev/loop0"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("prw-------").endsWith(" run/fifo"));
    assertThat(listing).anySatisfy(l -> assertThat(l).endsWith(" var/.wh.old"));
    assertThat(listing).anySatisfy(l -> assertThat(l).endsWith(" var/cache/.wh..wh..opq"));
    assertThat(listing).allSatisfy(l -> assertThat(l).contains("2024-01-02 03:04"));
    // sorted: each path after the previous one
    List<String> names = Tools.lines(Tools.sh(tmp, "tar -tzf layer.tar.gz"));
    assertThat(names).isSorted().hasSize(sampleEntries().size());
  }

  @Test
  void write_xattrs_arePaxRecordsWithRawBytes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(opts(Compression.NONE, 1)).write(sampleEntries(), out);
    byte[] tar = out.toByteArray();
    byte[] expected = "SCHILY.xattr.security.capability=\u0001\u0000\u0000\u0002".getBytes(StandardCharsets.ISO_8859_1);
    byte[] withHigh = new byte[expected.length + 4];
    System.arraycopy(expected, 0, withHigh, 0, expected.length);
    System.arraycopy(new byte[] {(byte) 0x80, 0x20, 0, 0}, 0, withHigh, expected.length, 4);
    assertThat(indexOf(tar, withHigh)).isPositive();
    Files.write(tmp.resolve("x.tar"), tar);
    Files.createDirectories(tmp.resolve("x"));
    Tools.sh(tmp, "tar --xattrs --xattrs-include='*' -C x -xf x.tar caps");
    String got = Tools.sh(tmp, "python3 -c \"import os; print(os.getxattr('x/caps','security.capability').hex(), os.getxattr('x/caps','user.note'))\"");
    assertThat(got.trim()).isEqualTo("0100000280200000000000000000000000000000 b'hi'");
  }

  @Test
  void write_sourceDateEpoch_makesTreesWithDifferentTimesAndOrderIdentical() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    makeTree(a, false, Instant.parse("2030-01-01T00:00:00Z"));
    makeTree(b, true, Instant.parse("2031-06-01T12:00:00Z"));
    LayerWriter w = new LayerWriter(opts(Compression.GZIP, 2).withSourceDateEpoch(Instant.ofEpochSecond(1_700_000_000L)));
    Layer la = w.write(LayerWriter.entriesOf(a), tmp.resolve("a.tgz"));
    Layer lb = w.write(LayerWriter.entriesOf(b), tmp.resolve("b.tgz"));
    assertThat(lb).isEqualTo(la);
    assertThat(Files.readAllBytes(tmp.resolve("a.tgz"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.tgz")));
    Layer unclamped = new LayerWriter(opts(Compression.GZIP, 2)).write(LayerWriter.entriesOf(b), new ByteArrayOutputStream());
    assertThat(unclamped.diffId()).isNotEqualTo(la.diffId());
  }

  @Test
  void entriesOf_detectsHardlinksAndSymlinksWithoutFollowing() throws Exception {
    Path root = tmp.resolve("t");
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/a"), "A");
    Files.createLink(root.resolve("z"), root.resolve("d/a"));
    Files.createSymbolicLink(root.resolve("s"), Path.of("/etc"));
    Tools.sh(root, "mkfifo p && setfattr -n user.k -v v d/a 2>/dev/null || python3 -c \"import os; os.setxattr('d/a','user.k',b'v')\"");
    List<LayerEntry> es = LayerWriter.entriesOf(root);
    assertThat(es).extracting(LayerEntry::path).containsExactly("d", "d/a", "p", "s", "z");
    assertThat(es.get(1).xattrs()).containsOnlyKeys("user.k");
    assertThat(es.get(2).type()).isEqualTo(LayerEntry.Type.FIFO);
    assertThat(es.get(3).type()).isEqualTo(LayerEntry.Type.SYMLINK);
    assertThat(es.get(3).linkTarget()).isEqualTo("/etc");
    assertThat(es.get(4).type()).isEqualTo(LayerEntry.Type.HARDLINK);
    assertThat(es.get(4).linkTarget()).isEqualTo("d/a");
  }

  @Test
  void write_emptyLayer_isValidGzip() throws Exception {
    Layer l = new LayerWriter(opts(Compression.GZIP, 1)).write(List.of(), tmp.resolve("e.gz"));
    Tools.sh(tmp, "gzip -t e.gz");
    assertThat(l.uncompressedSize()).isEqualTo(1024); // two zero records
  }

  @Test
  void write_fileThatShrank_failsNamingIt() {
    LayerEntry lying =
        new LayerEntry("f", LayerEntry.Type.FILE, 0644, 0, 0, T, 10, null, Map.of(), 0, 0, () -> new java.io.ByteArrayInputStream(new byte[3]));
    assertThatThrownBy(() -> new LayerWriter(opts(Compression.NONE, 1)).write(List.of(lying), new ByteArrayOutputStream()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("f shrank");
  }

  @Test
  void write_hardlinkToMissingTarget_isRejected() {
    assertThatThrownBy(
            () -> new LayerWriter(opts(Compression.NONE, 1)).write(List.of(LayerEntry.hardlink("a", "b", T)), new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hardlink a -> b");
  }

  static void makeTree(Path root, boolean reverse, Instant mtime) throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      names.add("dir" + (i % 5) + "/file" + i);
    }
    if (reverse) {
      Collections.reverse(names);
    }
    for (String n : names) {
      Path p = root.resolve(n);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "content of " + n);
      Files.setLastModifiedTime(p, FileTime.from(mtime));
    }
    try (var s = Files.list(root)) {
      for (Path d : s.toList()) {
        Files.setLastModifiedTime(d, FileTime.from(mtime));
      }
    }
    Tools.shUnchecked(root, "chown -R 0:0 . && chmod -R u=rwX,go=rX .");
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
