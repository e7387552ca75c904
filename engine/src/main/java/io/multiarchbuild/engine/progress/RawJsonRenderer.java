package io.multiarchbuild.engine.progress;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * {@code --progress=rawjson}: one BuildKit {@code SolveStatus} JSON object per line, each holding
 * one event ({@code {"vertexes":[…]}}, {@code {"statuses":[…]}}, {@code {"logs":[…]}} with base64
 * {@code data}, or {@code {"warnings":[…]}}). Tools that read BuildKit's rawjson read ours. Events
 * are written unmodified, so put a {@link SecretMasker} in front. Thread-safe.
 */
public final class RawJsonRenderer implements ProgressSink {

  private final PrintStream out;

  public RawJsonRenderer(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public synchronized void accept(ProgressEvent event) {
    out.print(SolveStatusJson.write(event) + "\n");
    out.flush();
  }

  /**
   * Parses one rawjson line (ours or BuildKit's, which may batch several events per line) back
   * into events: vertexes, then statuses, logs and warnings.
   *
   * @throws IllegalArgumentException if the line is not a SolveStatus JSON object
   */
  public static List<ProgressEvent> parseLine(String line) {
    return SolveStatusJson.read(line);
  }
}
