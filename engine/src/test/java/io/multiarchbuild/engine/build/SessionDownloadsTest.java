package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.multiarchbuild.engine.cache.CacheDir;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionDownloadsTest {

  @Test
  void closeDownloads_afterADownload_endsTheClientsSelectorThread_andANewDownloadGetsAFreshClient(@TempDir Path cacheRoot)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      Session session = new Session(CacheDir.open(cacheRoot), null, null, null, null);
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/file.txt");
      HttpClient client = session.downloads();
      assertThat(session.downloads()).as("one client per build").isSameAs(client);
      assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(200);
      Thread selector = selectorThreadOf(client).orElseThrow();

      session.closeDownloads();

      selector.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(selector.isAlive()).as("selector thread of the closed download client").isFalse();
      HttpClient next = session.downloads();
      assertThat(next).isNotSameAs(client);
      assertThat(next.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(200);
      session.closeDownloads();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void closeDownloads_noDownloadMade_doesNothing(@TempDir Path cacheRoot) throws Exception {
    Session session = new Session(CacheDir.open(cacheRoot), null, null, null, null);
    session.closeDownloads();
    session.closeDownloads();
  }

  /** The JDK names a client's selector thread {@code HttpClient-<id>-SelectorManager}, id from its toString "(id)". */
  private static Optional<Thread> selectorThreadOf(HttpClient client) {
    Matcher m = Pattern.compile("\\((\\d+)\\)$").matcher(client.toString());
    assertThat(m.find()).as("client id in %s", client).isTrue();
    String name = "HttpClient-" + m.group(1) + "-SelectorManager";
    Thread[] threads = new Thread[Thread.activeCount() + 16];
    int n = Thread.enumerate(threads);
    return Arrays.stream(threads, 0, n).filter(t -> t.getName().equals(name)).findFirst();
  }
}
