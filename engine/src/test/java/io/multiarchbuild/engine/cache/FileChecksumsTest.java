package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChecksumsTest {

  @TempDir Path tmp;
  private CacheDir cache;
  private Path context;

  @BeforeEach
  void setUp() throws Exception {
    cache = CacheDir.open(tmp.resolve("cache"));
    context = Files.createDirectories(tmp.resolve("ctx")).toRealPath();
  }

  /** Checksums without the racy-timestamp guard, so files written by the test are remembered at once. */
  private FileChecksums checksums() throws Exception {
    Path index = cache.root().resolve("checksums/" + Digest.sha256(context.toString()).hex() + ".bin");
    return new FileChecksums(
        context, index, cache.root().resolve("tmp"), FileChecksums.readIndex(context, index), Duration.ZERO);
  }

  @Test
  void checksum_isTheSha256OfTheContent() throws Exception {
    Files.writeString(context.resolve("a.txt"), "hello");
    try (FileChecksums sums = cache.fileChecksums(context)) {
      assertThat(sums.checksum("a.txt")).isEqualTo(Digest.sha256("hello"));
      assertThat(sums.checksum("./sub/../a.txt")).isEqualTo(Digest.sha256("hello"));
    }
  }

  @Test
  void checksum_unchangedFile_isNotReadAgain_evenByTheNextBuild() throws Exception {
    Path f = Files.writeString(context.resolve("a.txt"), "v1");
    try (FileChecksums first = checksums()) {
      first.checksum("a.txt");
      first.checksum("a.txt");
      assertThat(first.contentReads()).isEqualTo(1);
    }
    FileChecksums.Entry remembered = entryFor(f);
    assertThat(remembered.sha256()).isEqualTo(Digest.sha256("v1").hex());
    assertThat(remembered.size()).isEqualTo(2);
    try (FileChecksums second = checksums()) { // the next build: a new instance, loaded from disk
      assertThat(second.checksum("a.txt")).isEqualTo(Digest.sha256("v1"));
      assertThat(second.contentReads()).isZero();
    }
  }

  @Test
  void checksum_changedMtime_readsTheFileAgain() throws Exception {
    Path f = Files.writeString(context.resolve("a.txt"), "v1");
    try (FileChecksums first = checksums()) {
      first.checksum("a.txt");
    }
    Files.writeString(f, "v2"); // same size, new content and mtime
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2025-01-01T00:00:00.123456789Z")));
    try (FileChecksums second = checksums()) {
      assertThat(second.checksum("a.txt")).isEqualTo(Digest.sha256("v2"));
      assertThat(second.contentReads()).isEqualTo(1);
    }
  }

  @Test
  void checksum_recentlyModifiedFile_isHashedButNotRemembered() throws Exception {
    Files.writeString(context.resolve("a.txt"), "just written");
    try (FileChecksums sums = cache.fileChecksums(context)) { // default 2 s racy window
      sums.checksum("a.txt");
    }
    try (FileChecksums again = cache.fileChecksums(context)) {
      again.checksum("a.txt");
      assertThat(again.contentReads()).isEqualTo(1);
    }
  }

  @Test
  void checksum_missingOrDirectoryOrOutside_areErrors() throws Exception {
    Files.createDirectories(context.resolve("dir"));
    Path outside = Files.writeString(tmp.resolve("secret"), "s");
    Files.createSymbolicLink(context.resolve("escape"), outside);
    try (FileChecksums sums = checksums()) {
      assertThatThrownBy(() -> sums.checksum("nope")).isInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> sums.checksum("dir")).hasMessageContaining("not a regular file");
      assertThatThrownBy(() -> sums.checksum("escape")).hasMessageContaining("outside the build context");
      // ".." cannot climb above the context root
      assertThatThrownBy(() -> sums.checksum("../secret")).isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void checksumTree_isIndependentOfCreationOrderAndArgumentOrder() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("ctx2")).toRealPath();
    List<String> names = List.of("b/z.txt", "a/y.txt", "a/x.txt", "c.txt", "b/w/v.txt");
    for (String n : names) {
      write(context, n, "content of " + n);
    }
    for (String n : reversed(names)) {
      write(other, n, "content of " + n);
    }
    Files.createSymbolicLink(context.resolve("link"), Path.of("a/x.txt"));
    Files.createSymbolicLink(other.resolve("link"), Path.of("a/x.txt"));

    Digest one;
    try (FileChecksums sums = checksums()) {
      one = sums.checksumTree("a", "b", "c.txt", "link");
      assertThat(sums.checksumTree("link", "c.txt", "b", "a", "a/x.txt")).isEqualTo(one);
    }
    try (FileChecksums sums = cache.fileChecksums(other)) {
      assertThat(sums.checksumTree("c.txt", "link", "b", "a")).isEqualTo(one);
    }
  }

  @Test
  void checksumTree_dependsOnModeContentAndLinkTargetButNotMtime() throws Exception {
    Path f = write(context, "dir/run.sh", "#!/bin/sh");
    Files.createSymbolicLink(context.resolve("dir/l"), Path.of("run.sh"));
    Digest base;
    try (FileChecksums sums = checksums()) {
      base = sums.checksumTree("dir");

      Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
      assertThat(sums.checksumTree("dir")).as("mtime").isEqualTo(base);

      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
      Digest executable = sums.checksumTree("dir");
      assertThat(executable).as("mode").isNotEqualTo(base);

      Files.writeString(f, "#!/bin/bash");
      Digest edited = sums.checksumTree("dir");
      assertThat(edited).as("content").isNotEqualTo(executable);

      Files.delete(context.resolve("dir/l"));
      Files.createSymbolicLink(context.resolve("dir/l"), Path.of("other.sh"));
      assertThat(sums.checksumTree("dir")).as("link target").isNotEqualTo(edited);
    }
  }

  @Test
  void checksumTree_missingPath_isNoSuchFile() throws Exception {
    try (FileChecksums sums = checksums()) {
      assertThatThrownBy(() -> sums.checksumTree("gone")).isInstanceOf(NoSuchFileException.class).hasMessageContaining("gone");
    }
  }

  @Test
  void clean_keepsPathsInsideTheContext() {
    assertThat(FileChecksums.clean("/a//b/./c/")).isEqualTo("a/b/c");
    assertThat(FileChecksums.clean("../../etc/passwd")).isEqualTo("etc/passwd");
    assertThat(FileChecksums.clean(".")).isEmpty();
    assertThat(FileChecksums.clean("a/")).isEqualTo("a");
    assertThat(FileChecksums.clean("a/b/..")).isEqualTo("a");
    assertThat(FileChecksums.clean("./a")).isEqualTo("a");
    assertThat(FileChecksums.clean("d/.hidden/..x/x..")).isEqualTo("d/.hidden/..x/x..");
    assertThat(FileChecksums.clean("")).isEmpty();
  }

  @Test
  void checksum_throughSymlinkedDirectories_staysInsideTheContext() throws Exception {
    Path outsideDir = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(outsideDir.resolve("f"), "secret");
    Files.createSymbolicLink(context.resolve("out"), outsideDir);
    Files.createDirectories(context.resolve("real/sub"));
    Files.writeString(context.resolve("real/sub/f"), "inside");
    Files.createSymbolicLink(context.resolve("alias"), context.resolve("real"));
    try (FileChecksums sums = checksums()) {
      assertThat(sums.checksum("real/sub/f")).isEqualTo(Digest.sha256("inside"));
      assertThat(sums.checksum("alias/sub/f")).isEqualTo(Digest.sha256("inside"));
      assertThatThrownBy(() -> sums.checksum("out/f")).hasMessageContaining("outside the build context");
      assertThat(sums.contentReads()).isEqualTo(1); // alias/sub/f is remembered under its real path
    }
  }

  private FileChecksums.Entry entryFor(Path f) throws Exception {
    Path index = cache.root().resolve("checksums/" + Digest.sha256(context.toString()).hex() + ".bin");
    Map<String, FileChecksums.Entry> entries = FileChecksums.readIndex(context, index);
    return entries.get(context.relativize(f).toString());
  }

  private static List<String> reversed(List<String> in) {
    List<String> out = new java.util.ArrayList<>(in);
    java.util.Collections.reverse(out);
    return out;
  }

  private static Path write(Path root, String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }
}
