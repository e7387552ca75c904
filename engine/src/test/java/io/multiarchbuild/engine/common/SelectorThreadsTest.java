package io.multiarchbuild.engine.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SelectorThreadsTest {

  @Test
  void clientId_jdkDescription_isTheNumberInParentheses() {
    assertThat(SelectorThreads.clientId("jdk.internal.net.http.HttpClientImpl@46d56d67(12)")).isEqualTo("12");
  }

  @Test
  void clientId_descriptionWithoutId_isNull() {
    assertThat(SelectorThreads.clientId("jdk.internal.net.http.HttpClientImpl@46d56d67")).isNull();
    assertThat(SelectorThreads.clientId("client()")).isNull();
    assertThat(SelectorThreads.clientId("client(a1)")).isNull();
  }

  @Test
  void stop_clientThatSentARequest_endsItsSelectorThreadOnly() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      HttpClient used = HttpClient.newHttpClient();
      HttpClient other = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
      assertThat(used.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(200);
      Thread usedThread = selectorThreadOf(used).orElseThrow();
      Thread otherThread = selectorThreadOf(other).orElseThrow();

      SelectorThreads.stop(used);

      usedThread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(usedThread.isAlive()).as("selector thread of the stopped client").isFalse();
      assertThat(otherThread.isAlive()).as("selector thread of another client").isTrue();
      SelectorThreads.stop(other);
      otherThread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(otherThread.isAlive()).isFalse();
    } finally {
      server.stop(0);
    }
  }

  private static Optional<Thread> selectorThreadOf(HttpClient client) {
    String name = "HttpClient-" + SelectorThreads.clientId(client.toString()) + "-SelectorManager";
    Thread[] threads = new Thread[Thread.activeCount() + 16];
    int n = Thread.enumerate(threads);
    return Arrays.stream(threads, 0, n).filter(t -> t.getName().equals(name)).findFirst();
  }
}
