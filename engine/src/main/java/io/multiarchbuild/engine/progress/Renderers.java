package io.multiarchbuild.engine.progress;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Picks the renderer for a {@code --progress} mode, as {@code docker buildx build} does. */
public final class Renderers {

  /** The accepted modes. */
  public static final List<String> MODES = List.of("auto", "plain", "tty", "rawjson", "quiet", "none");

  /** The environment variable buildx reads when {@code --progress} is not given. */
  public static final String ENV = "BUILDKIT_PROGRESS";

  private Renderers() {}

  /**
   * The effective mode: the flag if given, else {@code BUILDKIT_PROGRESS} if set and not blank,
   * else {@code auto}.
   */
  public static String resolveMode(String flag, Map<String, String> env) {
    if (flag != null && !flag.isBlank()) {
      return flag.trim();
    }
    String fromEnv = env.get(ENV);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : "auto";
  }

  /**
   * A renderer for {@code mode}: {@code auto} is {@code tty} on a terminal and {@code plain}
   * otherwise; {@code tty} on something that is not a terminal falls back to {@code plain} (cursor
   * movement would only garble a file or pipe); {@code quiet} and {@code none} discard progress.
   *
   * @throws InvalidProgressModeException for any other mode
   */
  public static ProgressSink forMode(String mode, PrintStream out, boolean isTerminal) {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "auto":
      case "tty":
        return isTerminal ? new TtyRenderer(out) : new PlainRenderer(out);
      case "plain":
        return new PlainRenderer(out);
      case "rawjson":
        return new RawJsonRenderer(out);
      case "quiet":
      case "none":
        return ProgressSinks.discard();
      default:
        throw new InvalidProgressModeException(mode);
    }
  }
}
