package io.multiarchbuild.engine.build;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * Start-up work a build will certainly need later, done on a background thread while the main thread
 * parses and plans. The JDK's HTTP client builds the default TLS context when the first registry
 * endpoint is made, even for plain-HTTP registries: that parses every certificate of the trust store
 * (measured: 0.3-0.5 s of CPU on a cold JVM, the largest single cost of a push of a cached build).
 * Doing it early takes it off the critical path; the JDK initialises it once, so whoever comes second
 * just waits for (or reuses) the first.
 */
final class Warmup {

  private static volatile boolean started;

  private Warmup() {}

  /** Starts the warm-up once per JVM; returns at once. */
  static void start() {
    if (started) {
      return;
    }
    started = true;
    Thread t = new Thread(Warmup::tlsContext, "warmup-tls");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void tlsContext() {
    try {
      SSLContext.getDefault();
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      // the registry client will meet (and report) the same problem when it needs TLS
    }
  }
}
