package io.multiarchbuild.engine.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes and durations written and read the way docker/buildx do (their go-units library), so the
 * output and the flags look the same: {@code 12.3MB} (decimal units, 4 significant digits),
 * {@code 3 hours ago}; {@code --keep-storage 10g} (binary units); {@code until=24h} (Go durations).
 */
final class HumanUnits {
  private HumanUnits() {}

  private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  private static final Pattern SIZE =
      Pattern.compile("(?i)^(\\d+(?:\\.\\d+)*) ?([kmgtp])?i?b?$");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|ms|s|m|h)");

  /** {@code 454.6MB}: divided by 1000 until below 1000, 4 significant digits, no trailing zeros. */
  static String size(long bytes) {
    double v = bytes;
    int unit = 0;
    while (v >= 1000 && unit < DECIMAL.length - 1) {
      v /= 1000;
      unit++;
    }
    String number = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    return number + DECIMAL[unit];
  }

  /** Parses a size with optional binary unit: {@code 512}, {@code 10g}, {@code 1.5GiB}, {@code 200MB}. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new CacheFlagError("invalid size '" + text + "' (expected e.g. 512MB, 10GB, 1.5g)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int shift =
        switch (unit) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          case "p" -> 50;
          default -> 0;
        };
    return (long) (n * (1L << shift));
  }

  /** Parses a Go duration: {@code 24h}, {@code 1h30m}, {@code 90s}, {@code 1.5h}. */
  static Duration parseDuration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(t);
    long nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end && !m.group(1).isEmpty() && !m.group(1).equals(".")) {
      double n = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos += (long) (n * unit);
      end = m.end();
    }
    if (end == 0 || end != t.length()) {
      throw new CacheFlagError("invalid duration '" + text + "' (expected e.g. 24h, 90m, 1h30m)");
    }
    return Duration.ofNanos(nanos);
  }

  /** {@code 35 seconds}, {@code About an hour}, {@code 3 days}: how long ago, roughly. */
  static String ago(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 1) {
      return "Less than a second ago";
    } else if (seconds == 1) {
      return "1 second ago";
    } else if (seconds < 60) {
      return seconds + " seconds ago";
    }
    long minutes = d.toMinutes();
    if (minutes == 1) {
      return "About a minute ago";
    } else if (minutes < 60) {
      return minutes + " minutes ago";
    }
    long hours = Math.round(d.toSeconds() / 3600.0);
    if (hours == 1) {
      return "About an hour ago";
    } else if (hours < 48) {
      return hours + " hours ago";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days ago";
    } else if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks ago";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months ago";
    }
    return d.toHours() / 24 / 365 + " years ago";
  }
}
