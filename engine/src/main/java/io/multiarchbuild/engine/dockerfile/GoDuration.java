package io.multiarchbuild.engine.dockerfile;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} syntax ({@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 500ms}), which HEALTHCHECK uses. */
final class GoDuration {
  private GoDuration() {}

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS =
      Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  /** The duration, or null when {@code text} is not a Go duration. */
  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.isEmpty()) {
      return null;
    }
    Matcher m = PART.matcher(text);
    int pos = 0;
    BigDecimal total = BigDecimal.ZERO;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        return null;
      }
      total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      pos = m.end();
    }
    return Duration.ofNanos(total.longValue());
  }
}
