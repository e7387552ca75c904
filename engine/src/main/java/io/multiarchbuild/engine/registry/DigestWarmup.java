package io.multiarchbuild.engine.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets SHA-256 to its compiled CPU intrinsic before the first large blob arrives. In a fresh JVM the
 * JDK hashes in plain Java (interpreted, then C1) until C2 compiles {@code DigestBase}'s block loop;
 * in a CLI pull that compile came seconds late, queued behind start-up compiles, and the pure-Java
 * hash was the top frame of the pull's profile. Hashing a small buffer on a background thread while
 * the client is still being set up makes the loop hot early, so C2 compiles it during start-up.
 * Many small updates, because both loops must get hot: the per-block one ({@code SHA2.implCompress0})
 * and the multi-block one of {@code DigestBase}, which C2 compiles only after enough calls. Fixed
 * work: 16 MiB, ~20 ms once compiled, ~0.2 s of the other core when the compiler is slow to come.
 */
final class DigestWarmup {

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  /** Bytes per update: 16 blocks, so the multi-block loop is entered thousands of times. */
  private static final int UPDATE = 1 << 10;
  private static final long TOTAL = 16L << 20;

  private DigestWarmup() {}

  /** Starts the warm-up once per JVM, on a daemon thread; returns at once. */
  static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(DigestWarmup::run, "sha256-warmup");
    t.setDaemon(true);
    t.start();
  }

  static void run() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      return;
    }
    byte[] buf = new byte[UPDATE];
    for (long done = 0; done < TOTAL; done += UPDATE) {
      md.update(buf, 0, UPDATE);
    }
    md.digest();
  }
}
