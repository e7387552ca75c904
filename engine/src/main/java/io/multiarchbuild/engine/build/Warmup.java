package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.plan.BuildPlan;
import io.multiarchbuild.engine.plan.ImageSource;
import io.multiarchbuild.engine.plan.PlatformPlan;
import io.multiarchbuild.engine.plan.RemoteSource;
import io.multiarchbuild.engine.plan.Step;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryConfig;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Start-up work a build will certainly need later, done on a background thread while the main thread
 * parses and plans. The JDK's HTTP client builds the default TLS context when the first TLS registry
 * endpoint is made: that parses every certificate of the trust store (measured: 0.3-0.5 s of CPU on a
 * cold JVM, the largest single cost of a push of a cached build). Doing it early takes it off the
 * critical path; the JDK initialises it once, so whoever comes second just waits for (or reuses) the
 * first.
 *
 * <p>It runs only when the build will use TLS: a plain-HTTP (loopback) registry's client gets no TLS
 * context ({@code registry.Endpoint}), so for a build that talks only to such registries, or to none,
 * the warm-up was CPU taken from the build on a 2-core machine. The request's pushes and registry caches
 * are known at once; the base images and {@code ADD} URLs once the plan is made.
 */
final class Warmup {

  private static volatile boolean started;

  private Warmup() {}

  /** Starts the warm-up when the request names a registry reached over TLS (pushes, registry caches). */
  static void startFor(BuildRequest request) {
    if (needsTls(request)) {
      start();
    }
  }

  /** Starts the warm-up when the plan pulls a base image over TLS or downloads a URL ({@code ADD}). */
  static void startFor(BuildPlan plan) {
    if (needsTls(plan)) {
      start();
    }
  }

  static boolean needsTls(BuildRequest request) {
    List<String> refs = new ArrayList<>();
    for (OutputSpec o : request.outputs()) {
      if (o.shouldPush()) {
        refs.addAll(o.names());
        refs.addAll(request.tags());
      }
    }
    List<CacheSpec> caches = new ArrayList<>(request.cacheFrom());
    caches.addAll(request.cacheTo());
    for (CacheSpec c : caches) {
      if (c.type() == CacheSpec.Type.REGISTRY) {
        refs.add(c.attributes().getOrDefault("ref", ""));
      }
    }
    return refs.stream().anyMatch(Warmup::tls);
  }

  static boolean needsTls(BuildPlan plan) {
    for (PlatformPlan p : plan.platforms()) {
      for (Step s : p.steps()) {
        // the ADD client (HttpSourceOp) is built with the default TLS context, whatever the URL's scheme
        if (s.op() instanceof RemoteSource || s.op() instanceof ImageSource i && tls(i.ref())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the image reference's registry is reached over TLS; an unreadable one is assumed to be. */
  static boolean tls(String ref) {
    try {
      return !RegistryConfig.defaults().plainHttp(ImageReference.parse(ref).registry());
    } catch (RuntimeException e) {
      return true;
    }
  }

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
