package io.multiarchbuild.engine.registry;

import io.multiarchbuild.engine.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Test data: seeded random blobs, and a listener that records what was transferred. */
final class Blobs {

  private Blobs() {}

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String json(String text) {
    return text.replace('\'', '"');
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Remembers the highest byte count reported per digest and the number of callbacks. */
  static final class Recorder implements TransferListener {
    final Map<Digest, Long> last = new ConcurrentHashMap<>();
    final AtomicLong calls = new AtomicLong();

    @Override
    public void bytes(Digest digest, long done, long total) {
      calls.incrementAndGet();
      last.put(digest, done);
    }

    long bytes(Digest d) {
      return last.getOrDefault(d, 0L);
    }
  }

  static byte[] drain(java.util.function.Consumer<ByteArrayOutputStream> pull) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pull.accept(out);
    return out.toByteArray();
  }
}
