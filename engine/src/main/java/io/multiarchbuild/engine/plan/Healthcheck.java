package io.multiarchbuild.engine.plan;

import java.util.List;

/**
 * A HEALTHCHECK as the OCI/Docker image config stores it: durations in nanoseconds, null when not
 * given (the runtime's defaults apply: 30s interval and timeout, 0s start period, 5s start interval,
 * 3 retries).
 *
 * @param test {@code [NONE]}, {@code [CMD, arg…]} or {@code [CMD-SHELL, command]}
 */
public record Healthcheck(List<String> test, Long interval, Long timeout, Long startPeriod, Long startInterval, Integer retries) {
  public Healthcheck {
    test = List.copyOf(test);
  }

  /** The config change as text, for the metadata op: the test, then {@code name=nanoseconds} options. */
  List<String> describe() {
    List<String> out = new java.util.ArrayList<>(test);
    option(out, "interval", interval);
    option(out, "timeout", timeout);
    option(out, "start-period", startPeriod);
    option(out, "start-interval", startInterval);
    option(out, "retries", retries == null ? null : retries.longValue());
    return out;
  }

  private static void option(List<String> out, String name, Long value) {
    if (value != null) {
      out.add(name + "=" + value);
    }
  }
}
