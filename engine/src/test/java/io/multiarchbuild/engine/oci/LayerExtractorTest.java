package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerExtractorTest {

  static final Instant T = Instant.parse("2024-01-02T03:04:05Z");

  @TempDir Path tmp;
  Path target;
  Path canary;

  @BeforeEach
  void setUp() throws IOException {
    target = Files.createDirectories(tmp.resolve("rootfs"));
    canary = Files.createDirectories(tmp.resolve("canary"));
    Files.writeString(canary.resolve("file"), "precious");
  }

  /** The canary directory beside the target still holds exactly its one untouched file. */
  void assertCanaryUntouched() throws IOException {
    try (Stream<Path> s = Files.list(canary)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("file");
    }
    assertThat(Files.readString(canary.resolve("file"))).isEqualTo("precious");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("rootfs", "canary");
    }
  }

  /** A raw tar, written entry by entry with no sanitising: what an attacker can put in a layer. */
  static final class Evil {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Evil() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Evil file(String name, String content) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, true);
      byte[] b = content.getBytes(StandardCharsets.UTF_8);
      e.setSize(b.length);
      tar.putArchiveEntry(e);
      tar.write(b);
      tar.closeArchiveEntry();
      return this;
    }

    Evil link(String name, String target, byte type) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, type, true);
      e.setLinkName(target);
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
      return this;
    }

    Evil symlink(String name, String target) throws IOException {
      return link(name, target, TarConstants.LF_SYMLINK);
    }

    Evil hardlink(String name, String target) throws IOException {
      return link(name, target, TarConstants.LF_LINK);
    }

    Evil raw(String name, byte type, int size) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, type, true);
      e.setSize(size);
      tar.putArchiveEntry(e);
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int left = size; left > 0; left -= chunk.length) {
        tar.write(chunk, 0, Math.min(left, chunk.length));
      }
      tar.closeArchiveEntry();
      return this;
    }

    byte[] done() throws IOException {
      tar.finish();
      return bytes.toByteArray();
    }
  }

  LayerExtractor.Result extract(byte[] layer) throws IOException {
    return new LayerExtractor().extract(new ByteArrayInputStream(layer), target);
  }

  @Test
  void extract_dotDotEscape_isRejectedNamingTheEntry() throws IOException {
    byte[] tar = new Evil().file("../../etc/x", "pwned").done();
    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessage("unsafe layer entry \"../../etc/x\": path escapes the layer root");
    assertCanaryUntouched();
  }

  @Test
  void extract_absolutePath_isNeutralisedIntoTheRoot() throws IOException {
    extract(new Evil().file(canary.resolve("pwned").toString(), "x").file("/abs/path", "y").done());
    assertThat(target.resolve("abs/path")).hasContent("y");
    assertThat(target.resolve(tmp.getRoot().relativize(canary)).resolve("pwned")).hasContent("x");
    assertCanaryUntouched();
  }

  @Test
  void extract_fileThroughSymlinkToOutside_staysInsideTheRoot() throws IOException {
    extract(new Evil().symlink("evil", canary.toString()).file("evil/pwned", "x").done());
    assertThat(Files.readSymbolicLink(target.resolve("evil"))).isEqualTo(canary);
    assertThat(target.resolve(tmp.getRoot().relativize(canary)).resolve("pwned")).hasContent("x");
    assertCanaryUntouched();
  }

  @Test
  void extract_relativeSymlinkChainEscape_isClampedAtTheRoot() throws IOException {
    String up = "../".repeat(30);
    Path rel = tmp.getRoot().relativize(canary);
    extract(new Evil().symlink("a", "b/c").symlink("b", ".").symlink("c", up + rel).file("a/pwned", "x").done());
    assertThat(target.resolve(rel).resolve("pwned")).hasContent("x");
    assertCanaryUntouched();
  }

  @Test
  void extract_symlinkLoop_isRejected() throws IOException {
    byte[] tar = new Evil().symlink("a", "b").symlink("b", "a").file("a/x", "x").done();
    assertThatThrownBy(() -> extract(tar)).isInstanceOf(UnsafeLayerException.class).hasMessageContaining("too many levels");
    assertCanaryUntouched();
  }

  @Test
  void extract_fileReplacingASymlink_doesNotWriteThroughIt() throws IOException {
    extract(new Evil().symlink("link", canary.resolve("file").toString()).file("link", "overwritten?").done());
    assertThat(Files.isSymbolicLink(target.resolve("link"))).isFalse();
    assertThat(target.resolve("link")).hasContent("overwritten?");
    assertCanaryUntouched();
  }

  @Test
  void extract_hardlinkToAbsoluteHostFile_isRejected() throws IOException {
    byte[] tar = new Evil().hardlink("passwd", "/etc/passwd").done();
    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessage("unsafe layer entry \"passwd\": hardlink target \"/etc/passwd\" does not exist in the layer root");
    assertCanaryUntouched();
  }

  @Test
  void extract_hardlinkEscapingWithDotDot_isRejected() throws IOException {
    byte[] tar = new Evil().hardlink("h", "../canary/file").done();
    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessage("unsafe layer entry \"h\": hardlink target \"../canary/file\" escapes the layer root");
    assertCanaryUntouched();
  }

  @Test
  void extract_hardlinkThroughSymlinkToOutside_isRejected() throws IOException {
    byte[] tar = new Evil().symlink("evil", canary.toString()).hardlink("h", "evil/file").done();
    assertThatThrownBy(() -> extract(tar)).isInstanceOf(UnsafeLayerException.class).hasMessageContaining("does not exist");
    assertCanaryUntouched();
  }

  @Test
  void extract_hugePaxHeader_isRejectedBeforeReading() throws IOException {
    byte[] tar = new Evil().raw("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, 2 << 20).file("x", "x").done();
    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("huge headers: a PAX header of 2097152 bytes");
  }

  @Test
  void extract_hugeGnuLongName_isRejected() throws IOException {
    byte[] tar = new Evil().raw("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, 100_000).file("x", "x").done();
    assertThatThrownBy(() -> extract(tar))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("huge headers: a GNU long name header of 100000 bytes");
  }

  @Test
  void extract_whiteoutOutsideTheRoot_isRejectedOrContained() throws IOException {
    assertThatThrownBy(() -> extract(new Evil().file("../canary/.wh.file", "").done()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("escapes");
    assertThatThrownBy(() -> extract(new Evil().file("x/.wh...", "").done()))
        .isInstanceOf(UnsafeLayerException.class)
        .hasMessageContaining("names no file");
    extract(new Evil().symlink("evil", canary.toString()).file("evil/.wh.file", "").file("evil/.wh..wh..opq", "").done());
    assertCanaryUntouched();
  }

  @Test
  void extract_whiteouts_deleteAndHideLowerContent() throws IOException {
    Files.createDirectories(target.resolve("var/cache/sub"));
    Files.writeString(target.resolve("var/old"), "old");
    Files.writeString(target.resolve("var/keep"), "keep");
    Files.writeString(target.resolve("var/cache/a"), "a");
    Files.writeString(target.resolve("var/cache/sub/b"), "b");
    Files.createSymbolicLink(target.resolve("var/oldlink"), canary);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(LayerWriter.Options.defaults())
        .write(
            List.of(
                LayerEntry.whiteout("var/old", T),
                LayerEntry.whiteout("var/oldlink", T),
                LayerEntry.opaqueWhiteout("var/cache", T),
                LayerEntry.file("var/cache/new", 0644, T, "new".getBytes(StandardCharsets.UTF_8)),
                LayerEntry.file("var/cache/0first", 0644, T, "0".getBytes(StandardCharsets.UTF_8))),
            out);
    extract(out.toByteArray());
    assertThat(target.resolve("var/old")).doesNotExist();
    assertThat(Files.exists(target.resolve("var/oldlink"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(target.resolve("var/keep")).hasContent("keep");
    try (Stream<Path> s = Files.list(target.resolve("var/cache"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("new", "0first");
    }
    assertThat(target.resolve("var/.wh.old")).doesNotExist();
    assertCanaryUntouched();
  }

  @Test
  void writerThenExtractor_reproducesTheTree() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(src.resolve("bin"));
    Files.createDirectories(src.resolve("data/empty"));
    Files.writeString(src.resolve("bin/tool"), "#!/bin/sh\necho hi\n");
    Files.setAttribute(src.resolve("bin/tool"), "unix:mode", 04755);
    Files.writeString(src.resolve("data/file"), "payload");
    Files.setAttribute(src.resolve("data/file"), "unix:uid", 1234);
    Files.setAttribute(src.resolve("data/file"), "unix:gid", 5678);
    Files.getFileAttributeView(src.resolve("data/file"), UserDefinedFileAttributeView.class)
        .write("origin", ByteBuffer.wrap("test".getBytes(StandardCharsets.UTF_8)));
    Files.createLink(src.resolve("data/hard"), src.resolve("data/file"));
    Files.createSymbolicLink(src.resolve("data/sym"), Path.of("../bin/tool"));
    Files.setAttribute(src.resolve("data/empty"), "unix:mode", 01777);
    Tools.sh(src, "mknod data/null c 1 3 && mkfifo data/fifo");
    Files.setLastModifiedTime(src.resolve("data/file"), FileTime.from(T));
    Files.setLastModifiedTime(src.resolve("data"), FileTime.from(T));

    Path blob = tmp.resolve("layer.tar.zst");
    new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.ZSTD, -1)).write(LayerWriter.entriesOf(src), blob);
    Files.delete(canary.resolve("file"));
    Files.delete(canary);
    LayerExtractor.Result r = new LayerExtractor().extract(blob, target);
    assertThat(r.warnings()).isEmpty();

    assertThat(Tools.sh(tmp, "cd src && find . -printf '%p %y %m %U:%G %s %l\\n' | sort"))
        .isEqualTo(Tools.sh(tmp, "cd rootfs && find . -mindepth 1 -printf '%p %y %m %U:%G %s %l\\n' | sort | sed '1i . d 755 0:0 4096 '")
            .replaceFirst("\\. d \\d+ \\d+:\\d+ \\d+ \\n", Tools.sh(tmp, "cd src && find . -maxdepth 0 -printf '%p %y %m %U:%G %s %l\\n'")));
    assertThat(Files.getLastModifiedTime(target.resolve("data/file")).toInstant()).isEqualTo(T);
    assertThat(Files.getLastModifiedTime(target.resolve("data")).toInstant()).isEqualTo(T);
    assertThat(Files.getAttribute(target.resolve("data/hard"), "unix:ino")).isEqualTo(Files.getAttribute(target.resolve("data/file"), "unix:ino"));
    assertThat(Tools.sh(target, "python3 -c \"import os; print(os.getxattr('data/file','user.origin'))\"").trim()).isEqualTo("b'test'");
    assertThat(Tools.sh(target, "stat -c '%t,%T' data/null").trim()).isEqualTo("1,3");
  }

  @Test
  void extract_plainGzipAndZstd_allDetectedByMagic() throws IOException {
    for (Compression c : Compression.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new LayerWriter(LayerWriter.Options.defaults().withCompression(c, -1))
          .write(List.of(LayerEntry.file("f-" + c, 0640, T, "x".getBytes(StandardCharsets.UTF_8))), out);
      extract(out.toByteArray());
      assertThat(target.resolve("f-" + c)).hasContent("x");
      assertThat(Files.getAttribute(target.resolve("f-" + c), "unix:mode")).isEqualTo(0100640);
    }
  }
}
