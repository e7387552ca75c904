package io.multiarchbuild.engine.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Number and time formatting shared by the text renderers. Go formats floats from their exact
 * binary value with ties to even; {@code String.format} does not, so times and sizes go through
 * {@link BigDecimal} to print the same digits BuildKit prints.
 */
final class Formats {

  private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private Formats() {}

  /** A duration in seconds as Go's {@code Duration.Seconds()} computes it. */
  static double seconds(Duration d) {
    long nanos = d.toNanos();
    return (double) (nanos / 1_000_000_000L) + (double) (nanos % 1_000_000_000L) / 1e9;
  }

  /** Go's {@code %.<precision>f}. */
  static String fixed(double value, int precision) {
    return new BigDecimal(value).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** BuildKit's log-line time: 3 decimals below 10 s, 2 below 100 s, else 1. */
  static String logTime(double seconds) {
    int precision = seconds < 10 ? 3 : seconds < 100 ? 2 : 1;
    return fixed(seconds, precision);
  }

  /** {@code %.2f} of a {@code units.Bytes}: decimal units, e.g. {@code 12.30MB}; below 1 kB {@code 512B}. */
  static String bytes(long n) {
    if (n < 1000 && n > -1000) {
      return n + "B";
    }
    long base = 1;
    int unit = 0;
    long abs = Math.abs(n);
    while (unit < DECIMAL_UNITS.length - 1 && abs >= base * 1000) {
      base *= 1000;
      unit++;
    }
    return fixed((double) n / (double) base, 2) + DECIMAL_UNITS[unit];
  }

  /** A run interval of a vertex; {@code stop} null while running. */
  record Interval(Instant start, Instant stop) {
    Duration duration(Instant now) {
      return Duration.between(start, stop == null ? now : stop);
    }
  }

  /**
   * Merges overlapping run intervals (keyed by start, as BuildKit keys them so a re-sent vertex
   * overwrites its own interval). An open interval swallows everything after it.
   */
  static List<Interval> merge(Map<Instant, Instant> byStart) {
    List<Interval> sorted = new ArrayList<>();
    byStart.forEach((start, stop) -> sorted.add(new Interval(start, stop)));
    sorted.sort(Comparator.comparing(Interval::start));
    List<Interval> merged = new ArrayList<>();
    if (sorted.isEmpty()) {
      return merged;
    }
    Interval cur = sorted.get(0);
    for (Interval next : sorted.subList(1, sorted.size())) {
      if (cur.stop() == null) {
        break;
      }
      if (cur.stop().isBefore(next.start())) {
        merged.add(cur);
        cur = next;
      } else if (next.stop() == null) {
        cur = new Interval(cur.start(), null);
        break;
      } else if (next.stop().isAfter(cur.stop())) {
        cur = new Interval(cur.start(), next.stop());
      }
    }
    merged.add(cur);
    return merged;
  }

  /** Sum of the merged run intervals in seconds. */
  static double runSeconds(Map<Instant, Instant> byStart, Instant now) {
    double sum = 0;
    for (Interval i : merge(byStart)) {
      sum += seconds(i.duration(now));
    }
    return sum;
  }
}
