package io.multiarchbuild.engine.dockerfile;

import java.time.Duration;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [options] CMD …}. Durations and retries are null
 * when not given (the runtime then applies its defaults: 30s, 30s, 0s, 5s, 3).
 */
public record HealthcheckInstruction(
    boolean none,
    CommandLine test,
    Duration interval,
    Duration timeout,
    Duration startPeriod,
    Duration startInterval,
    Integer retries,
    SourceRange source)
    implements Instruction {

  @Override
  public String keyword() {
    return "HEALTHCHECK";
  }
}
