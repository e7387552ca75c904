package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Fetches blobs that a store lacks, several at once; the first failure cancels the rest. */
final class ParallelBlobs {

  /** Like containers/image's default of parallel layer transfers. */
  static final int DEFAULT_PARALLELISM = 6;

  @FunctionalInterface
  interface Fetch {
    void into(Descriptor blob, OutputStream out) throws IOException;
  }

  private ParallelBlobs() {}

  /** Fetches each of {@code blobs} not in {@code target}; returns how many were fetched. */
  static int fetch(List<Descriptor> blobs, Blobs target, int parallelism, Fetch fetch) {
    Map<Digest, Descriptor> missing = new LinkedHashMap<>();
    for (Descriptor d : blobs) {
      if (!target.contains(d.digest())) {
        missing.putIfAbsent(d.digest(), d);
      }
    }
    if (missing.isEmpty()) {
      return 0;
    }
    int threads = Math.max(1, Math.min(parallelism, missing.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "blob-fetch");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Descriptor d : missing.values()) {
        futures.add(pool.submit(() -> {
          target.add(d.digest(), out -> fetch.into(d, out));
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return missing.size();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new ExportError("storing a blob failed: " + c.getMessage(), c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching blobs", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
