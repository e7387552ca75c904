package io.multiarchbuild.engine.common;

import java.net.http.HttpClient;

/**
 * Ends the selector thread of a JDK {@link HttpClient} we are done with.
 *
 * <p>Why: every JDK HttpClient owns a thread that waits in {@code epoll_wait}, i.e. in native code,
 * until the client is garbage collected. When the JVM exits it waits up to 300 ms for threads in
 * native code to return (HotSpot's {@code VM_Exit::wait_for_threads_in_native_to_block}), so one
 * live client made every CLI run that talked to a registry end ~0.3 s after its last output
 * (measured with strace: last write to exit_group 0.32-0.52 s; 0.03-0.1 s once the thread is gone).
 * Java 17's HttpClient has no close(); interrupting that thread is what ends its loop: the JDK
 * then closes the client's connections and the thread returns. The thread is found by the name the
 * JDK gives it, {@code HttpClient-<id>-SelectorManager}, with the id from the client's
 * {@code toString()} (which ends in {@code (<id>)} for exactly this purpose in the JDK's own tests).
 * If a JDK names things differently nothing is found and nothing happens: the exit is merely slower.
 */
public final class SelectorThreads {

  private SelectorThreads() {}

  /**
   * Asks the selector thread of {@code client} to stop; returns at once. Requests still in flight
   * on the client fail, so call this only when the client is no longer used.
   */
  public static void stop(HttpClient client) {
    String id = clientId(client.toString());
    if (id == null) {
      return;
    }
    String name = "HttpClient-" + id + "-SelectorManager";
    Thread[] threads = new Thread[Thread.activeCount() + 16];
    int n = Thread.enumerate(threads);
    for (int i = 0; i < n; i++) {
      if (threads[i].getName().equals(name)) {
        threads[i].interrupt();
        return;
      }
    }
  }

  /** The id in {@code jdk.internal.net.http.HttpClientImpl@1b2c3d(7)}, or null when there is none. */
  static String clientId(String description) {
    int open = description.lastIndexOf('(');
    if (open < 0 || !description.endsWith(")") || open + 2 > description.length() - 1) {
      return null;
    }
    String id = description.substring(open + 1, description.length() - 1);
    return id.chars().allMatch(Character::isDigit) ? id : null;
  }
}
