package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context of 20,000 small files: the warm build (a new {@link FileChecksums} loaded from the
 * cache, as the next build would) reads no file content and gets the same tree digest. Timings are
 * printed for the record, never asserted.
 */
class FileChecksumsScaleTest {

  private static final int FILES = 20_000;

  @TempDir Path tmp;

  @Test
  void checksumTree_20000Files_warmRunReadsNothing() throws Exception {
    Path context = Files.createDirectories(tmp.resolve("ctx")).toRealPath();
    byte[] content = new byte[600];
    for (int i = 0; i < FILES; i++) {
      Path dir = context.resolve("d" + (i / 100));
      if (i % 100 == 0) {
        Files.createDirectories(dir);
      }
      content[0] = (byte) i;
      content[1] = (byte) (i >> 8);
      Files.write(dir.resolve("f" + i + ".txt"), content);
    }
    // Files modified within the racy window are (rightly) not remembered; a real context is older.
    Thread.sleep(2100);
    CacheDir cache = CacheDir.open(tmp.resolve("cache"));

    long t0 = System.nanoTime();
    Digest cold;
    long coldReads;
    try (FileChecksums sums = cache.fileChecksums(context)) {
      cold = sums.checksumTree("");
      coldReads = sums.contentReads();
    } // close() saves the index
    long t1 = System.nanoTime();
    Digest warm;
    long warmReads;
    try (FileChecksums sums = cache.fileChecksums(context)) {
      warm = sums.checksumTree("");
      warmReads = sums.contentReads();
    }
    long t2 = System.nanoTime();

    assertThat(coldReads).isEqualTo(FILES);
    assertThat(warmReads).isZero();
    assertThat(warm).isEqualTo(cold);
    long indexBytes;
    try (var files = Files.list(cache.root().resolve("checksums"))) {
      indexBytes = files.mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf(
        "FileChecksums %d files: cold %d ms (incl. index save), warm %d ms (incl. index load), index %d KiB%n",
        FILES, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, indexBytes / 1024);
  }
}
