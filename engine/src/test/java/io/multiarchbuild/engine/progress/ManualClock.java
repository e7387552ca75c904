package io.multiarchbuild.engine.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so rendered times are exact. */
final class ManualClock extends Clock {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Instant now = T0;

  /** Sets the time to {@code T0 + millis}. */
  void at(long millis) {
    now = T0.plusMillis(millis);
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }

  @Override
  public Instant instant() {
    return now;
  }
}
