package io.multiarchbuild.engine.progress;

import java.util.ArrayList;
import java.util.List;

/** Collects events, for tests. */
final class ListSink implements ProgressSink {
  final List<ProgressEvent> events = new ArrayList<>();
  boolean closed;

  @Override
  public synchronized void accept(ProgressEvent event) {
    events.add(event);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Concatenated log bytes of one vertex and stream, as text. */
  synchronized String logText(String vertex, int stream) {
    StringBuilder sb = new StringBuilder();
    for (ProgressEvent e : events) {
      if (e instanceof LogEvent l && l.vertex().equals(vertex) && l.stream() == stream) {
        sb.append(new String(l.data(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  synchronized <T extends ProgressEvent> List<T> ofType(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
