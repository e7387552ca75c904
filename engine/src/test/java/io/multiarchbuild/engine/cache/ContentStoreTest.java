package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

  @TempDir Path tmp;

  @Test
  void put_thenOpen_returnsTheSameBytesUnderTheirSha256() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    byte[] data = "hello layer".getBytes(StandardCharsets.UTF_8);

    Digest d = cache.blobs().put(data);

    assertThat(d).isEqualTo(Digest.sha256(data));
    assertThat(cache.blobs().has(d)).isTrue();
    assertThat(cache.blobs().size(d)).isEqualTo(data.length);
    assertThat(cache.blobs().path(d)).isEqualTo(cache.root().resolve("blobs/sha256/" + d.hex()));
    try (InputStream in = cache.blobs().open(d)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(cache.blobs().list()).containsExactly(d);
  }

  @Test
  void open_missingBlob_throwsNoSuchFile() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    assertThatThrownBy(() -> cache.blobs().open(Digest.sha256("nope"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void commit_manyThreadsSameContent_allSucceedAndOneIntactBlobRemains() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    byte[] data = new byte[300_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    Digest expected = Digest.sha256(data);
    int threads = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Digest>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  try (BlobWriter w = cache.blobs().writer()) {
                    start.await();
                    // Small chunks so the writers really overlap.
                    for (int off = 0; off < data.length; off += 4096) {
                      w.write(data, off, Math.min(4096, data.length - off));
                    }
                    return w.commit(expected);
                  }
                }));
      }
      start.countDown();
      for (Future<Digest> f : results) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.blobs().verify(expected)).isTrue();
    assertThat(cache.blobs().list()).containsExactly(expected);
    try (Stream<Path> staging = Files.list(cache.root().resolve("tmp"))) {
      assertThat(staging).isEmpty();
    }
  }

  @Test
  void commit_wrongExpectedDigest_isACacheErrorAndStoresNothing() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest claimed = Digest.sha256("what the registry announced");
    BlobWriter w = cache.blobs().writer();
    w.write("what it sent".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> w.commit(claimed))
        .isInstanceOf(CacheError.class)
        .hasMessageContaining(claimed.toString())
        .hasMessageContaining(Digest.sha256("what it sent").toString());
    assertThat(cache.blobs().list()).isEmpty();
    try (Stream<Path> staging = Files.list(cache.root().resolve("tmp"))) {
      assertThat(staging).isEmpty();
    }
  }

  @Test
  void crash_uncommittedWriterIsNeverVisible_andLeftoversAreCleanedAtOpen() throws Exception {
    Path root = tmp.resolve("c");
    CacheDir cache = CacheDir.open(root);
    byte[] half = "first half of a big layer".getBytes(StandardCharsets.UTF_8);
    BlobWriter w = cache.blobs().writer(); // the "crashing" build: never commits, never closes
    w.write(half);
    w.flush();
    Files.writeString(root.resolve("tmp/blob-123.part"), "left by a killed JVM");
    Files.writeString(root.resolve("tmp/record-9.json"), "{\"key\":");

    assertThat(cache.blobs().list()).isEmpty();
    assertThat(cache.blobs().has(Digest.sha256(half))).isFalse();

    CacheDir reopened = CacheDir.open(root); // the next build
    try (Stream<Path> staging = Files.list(root.resolve("tmp"))) {
      assertThat(staging).isEmpty();
    }
    assertThat(reopened.blobs().list()).isEmpty();
    assertThat(reopened.index().list()).isEmpty();
  }

  @Test
  void open_whileAnotherBuildHoldsALease_keepsItsStagingFiles() throws Exception {
    Path root = tmp.resolve("c");
    CacheDir cache = CacheDir.open(root);
    try (CacheLocks.Lease lease = cache.locks().lease();
        BlobWriter w = cache.blobs().writer()) {
      w.write(1);
      CacheDir.open(root);
      try (Stream<Path> staging = Files.list(root.resolve("tmp"))) {
        assertThat(staging).hasSize(1);
      }
      assertThat(w.commit(null)).isEqualTo(Digest.sha256(new byte[] {1}));
    }
  }

  @Test
  void verify_corruptedBlob_isDetectedAndRemovedByCacheVerify() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest good = cache.blobs().put("good".getBytes(StandardCharsets.UTF_8));
    Digest bad = cache.blobs().put("bad".getBytes(StandardCharsets.UTF_8));
    Path badFile = cache.blobs().path(bad);
    Files.setPosixFilePermissions(badFile, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(badFile, "bit rot");

    assertThat(cache.blobs().verify(good)).isTrue();
    assertThat(cache.blobs().verify(bad)).isFalse();
    assertThat(cache.verify()).containsExactly(bad);
    assertThat(cache.blobs().has(bad)).isFalse();
    assertThat(cache.blobs().has(good)).isTrue();
  }

  @Test
  void committedBlobs_areReadOnly() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Digest d = cache.blobs().put(new byte[] {1, 2, 3});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.blobs().path(d))))
        .isEqualTo("r--r--r--");
  }
}
