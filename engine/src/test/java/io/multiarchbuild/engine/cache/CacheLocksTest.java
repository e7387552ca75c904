package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLocksTest {

  @TempDir Path tmp;

  private static final int ROUNDS = 15;

  @Test
  void lockMount_twoProcessesAndTwoThreads_neverOverlap() throws Exception {
    Path root = tmp.resolve("cache");
    CacheDir cache = CacheDir.open(root);
    Path markers = tmp.resolve("markers.txt");
    List<Process> processes = new ArrayList<>();
    for (String name : List.of("procA", "procB")) {
      processes.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  MountLockContender.class.getName(),
                  root.toString(),
                  "/root/.m2",
                  markers.toString(),
                  name,
                  Integer.toString(ROUNDS))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve(name + ".log").toFile())
              .start());
    }
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (String name : List.of("threadC", "threadD")) {
      Thread t =
          new Thread(
              () -> {
                try {
                  MountLockContender.run(cache, "/root/.m2", markers, name, ROUNDS);
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    for (Process p : processes) {
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(tmp.resolve(p == processes.get(0) ? "procA.log" : "procB.log"))).isZero();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();

    List<String> lines = Files.readAllLines(markers);
    assertThat(lines).hasSize(4 * ROUNDS * 2);
    Set<String> holders = new HashSet<>();
    for (int i = 0; i < lines.size(); i += 2) {
      String holder = lines.get(i).substring("start ".length());
      assertThat(lines.get(i)).as("line %d", i).startsWith("start ");
      assertThat(lines.get(i + 1)).as("line %d", i + 1).isEqualTo("end " + holder);
      holders.add(holder);
    }
    assertThat(holders).containsExactlyInAnyOrder("procA", "procB", "threadC", "threadD");
  }

  @Test
  void lockMount_differentIds_doNotBlockEachOther() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("cache"));
    try (CacheLocks.Lease a = cache.locks().lockMount("a")) {
      CountDownLatch got = new CountDownLatch(1);
      Thread t =
          new Thread(
              () -> {
                try (CacheLocks.Lease b = cache.locks().lockMount("b")) {
                  got.countDown();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      t.start();
      t.join();
      assertThat(got.getCount()).isZero();
    }
  }

  @Test
  void tryExclusive_failsWhileALeaseIsHeld_andSucceedsAfter() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("cache"));
    CacheLocks.Lease lease = cache.locks().lease();
    CacheLocks.Lease second = cache.locks().lease(); // leases are shared
    assertThat(cache.locks().tryExclusive()).isEmpty();
    lease.close();
    assertThat(cache.locks().tryExclusive()).isEmpty();
    second.close();
    second.close(); // closing twice is harmless
    CacheLocks.Lease exclusive = cache.locks().tryExclusive().orElseThrow();
    exclusive.close();
  }

  @Test
  void exclusive_waitsForTheLeaseToEnd() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("cache"));
    AtomicBoolean leaseOpen = new AtomicBoolean(true);
    AtomicBoolean sawOpenLease = new AtomicBoolean();
    CacheLocks.Lease lease = cache.locks().lease();
    Thread gc =
        new Thread(
            () -> {
              try (CacheLocks.Lease ex = cache.locks().exclusive()) {
                sawOpenLease.set(leaseOpen.get());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    gc.start();
    Thread.sleep(100);
    leaseOpen.set(false);
    lease.close();
    gc.join();
    assertThat(sawOpenLease).isFalse();
  }

  @Test
  void leaseInAnotherProcess_blocksGcHere() throws Exception {
    Path root = tmp.resolve("cache");
    CacheDir cache = CacheDir.open(root);
    Path ready = tmp.resolve("ready");
    Path release = tmp.resolve("release");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LeaseHolder.class.getName(),
                root.toString(),
                ready.toString(),
                release.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("holder.log").toFile())
            .start();
    while (!Files.exists(ready)) {
      assertThat(p.isAlive()).as("lease holder died: %s", tmp.resolve("holder.log")).isTrue();
      Thread.sleep(20);
    }
    assertThat(cache.gcTo(1).skipped()).isTrue();
    Files.writeString(release, "go");
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(cache.gcTo(1).skipped()).isFalse();
  }
}
