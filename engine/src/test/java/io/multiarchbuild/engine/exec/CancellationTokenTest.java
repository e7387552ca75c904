package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

  @Test
  void cancel_runsCallbacksOnce() {
    CancellationToken t = new CancellationToken();
    AtomicInteger calls = new AtomicInteger();
    t.onCancel(calls::incrementAndGet);
    t.cancel();
    t.cancel();
    assertThat(t.isCancelled()).isTrue();
    assertThat(calls).hasValue(1);
  }

  @Test
  void onCancel_afterCancellation_runsAtOnce() {
    CancellationToken t = new CancellationToken();
    t.cancel();
    AtomicInteger calls = new AtomicInteger();
    t.onCancel(calls::incrementAndGet);
    assertThat(calls).hasValue(1);
  }

  @Test
  void onCancel_removed_isNotRun() {
    CancellationToken t = new CancellationToken();
    AtomicInteger calls = new AtomicInteger();
    t.onCancel(calls::incrementAndGet).run();
    t.cancel();
    assertThat(calls).hasValue(0);
  }
}
