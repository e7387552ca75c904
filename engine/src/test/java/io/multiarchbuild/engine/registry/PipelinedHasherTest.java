package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PipelinedHasherTest {

  private static byte[] sha256(byte[] data, int off, int len) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(data, off, len);
    return md.digest();
  }

  /** Feeds {@code data} through the hasher in pieces of random length (as partial buffers after failures are). */
  private static byte[] feed(PipelinedHasher h, byte[] data, long seed) {
    Random random = new Random(seed);
    int pos = 0;
    while (pos < data.length) {
      byte[] buf = h.buffer();
      int n = Math.min(data.length - pos, 1 + random.nextInt(buf.length));
      System.arraycopy(data, pos, buf, 0, n);
      h.commit(n);
      pos += n;
    }
    return h.digest();
  }

  @Test
  void threaded_manyPartialBuffers_hashesTheBytesInOrder() throws Exception {
    byte[] data = new byte[9 << 20];
    new Random(1).nextBytes(data);
    try (PipelinedHasher h = PipelinedHasher.create(MessageDigest.getInstance("SHA-256"), -1, 64 << 10)) {
      assertThat(feed(h, data, 2)).isEqualTo(sha256(data, 0, data.length));
    }
  }

  @Test
  void inline_smallBlob_hashesTheBytesInOrder() throws Exception {
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    try (PipelinedHasher h = PipelinedHasher.create(MessageDigest.getInstance("SHA-256"), data.length, data.length)) {
      assertThat(feed(h, data, 4)).isEqualTo(sha256(data, 0, data.length));
    }
  }

  @Test
  void create_bySize_threadsOnlyLargeOrUnknownBlobs() throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (PipelinedHasher small = PipelinedHasher.create(md, PipelinedHasher.THREADED_FROM - 1, 1024);
        PipelinedHasher large = PipelinedHasher.create(md, PipelinedHasher.THREADED_FROM, 1024);
        PipelinedHasher unknown = PipelinedHasher.create(md, -1, 1024)) {
      assertThat(small.getClass().getSimpleName()).isEqualTo("Inline");
      assertThat(large.getClass().getSimpleName()).isEqualTo("Threaded");
      assertThat(unknown.getClass().getSimpleName()).isEqualTo("Threaded");
    }
  }

  @Test
  void buffer_withoutCommit_isTheSameArray_soRepeatedResumesNeverDrainThePool() throws Exception {
    try (PipelinedHasher h = PipelinedHasher.create(MessageDigest.getInstance("SHA-256"), -1, 1024)) {
      byte[] first = h.buffer();
      for (int i = 0; i < 10 * PipelinedHasher.BUFFERS; i++) {
        assertThat(h.buffer()).isSameAs(first); // a resumed body starts with the buffer it had
      }
      byte[] data = new byte[3000];
      new Random(5).nextBytes(data);
      assertThat(feed(h, data, 6)).isEqualTo(sha256(data, 0, data.length));
    }
  }

  @Test
  void close_beforeTheEnd_stopsTheHasherThread() throws Exception {
    PipelinedHasher h = PipelinedHasher.create(MessageDigest.getInstance("SHA-256"), -1, 1024);
    h.buffer()[0] = 1;
    h.commit(1);
    h.close();
    h.close(); // idempotent
    for (int i = 0; i < 200 && Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("blob-hash") && t.isAlive()); i++) {
      Thread.sleep(10);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("blob-hash") && t.isAlive());
  }
}
