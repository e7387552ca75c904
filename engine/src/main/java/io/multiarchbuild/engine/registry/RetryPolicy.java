package io.multiarchbuild.engine.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a temporary failure (connection error, 5xx, 429): exponential
 * backoff from {@code initialBackoff}, capped at {@code maxBackoff}, with ±50% jitter so parallel
 * clients do not retry in lockstep; at most {@code maxAttempts} tries and {@code maxTotal} overall.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(3));
  }

  /** The pause before attempt {@code attempt + 1} (attempt counts from 1). */
  Duration backoff(int attempt) {
    double base = initialBackoff.toMillis() * Math.pow(2, attempt - 1);
    double capped = Math.min(base, maxBackoff.toMillis());
    double jittered = capped * (0.5 + ThreadLocalRandom.current().nextDouble());
    return Duration.ofMillis((long) jittered);
  }
}
