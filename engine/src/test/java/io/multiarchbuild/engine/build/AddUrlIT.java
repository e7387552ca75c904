package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD of http(s) URLs, against a small HTTP server this test runs; built with runc, checked in the exported file system. */
class AddUrlIT {

  /** What the test server serves at a path. */
  record Resource(byte[] body, String etag, String lastModified, String disposition) {}

  static final Map<String, Resource> RESOURCES = new ConcurrentHashMap<>();
  /** "path status" of every request, and the If-None-Match it carried. */
  static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
  static HttpServer server;
  static String base;

  @TempDir static Path cacheDir;

  @BeforeAll
  static void start() throws IOException {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", AddUrlIT::serve);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static void serve(HttpExchange ex) throws IOException {
    Resource r = RESOURCES.get(ex.getRequestURI().getPath());
    String inm = ex.getRequestHeaders().getFirst("If-None-Match");
    int status = r == null ? 404 : r.etag() != null && r.etag().equals(inm) ? 304 : 200;
    REQUESTS.add(ex.getRequestURI().getPath() + " " + status + (inm == null ? "" : " if-none-match=" + inm));
    if (r != null) {
      if (r.etag() != null) {
        ex.getResponseHeaders().add("ETag", r.etag());
      }
      if (r.lastModified() != null) {
        ex.getResponseHeaders().add("Last-Modified", r.lastModified());
      }
      if (r.disposition() != null) {
        ex.getResponseHeaders().add("Content-Disposition", r.disposition());
      }
    }
    byte[] body = status == 200 ? r.body() : new byte[0];
    ex.sendResponseHeaders(status, status == 304 ? -1 : body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  static String sha(String s) {
    return Digest.sha256(s).toString();
  }

  static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  @Test
  void addUrl_checksumChmodAndNames_fileHas0600ModeLastModifiedMtimeAndUrlName(@TempDir Path ctx, @TempDir Path out) throws Exception {
    String tool = "#!/bin/sh\necho tool\n";
    RESOURCES.put("/dl/tool.sh", new Resource(tool.getBytes(StandardCharsets.UTF_8), "\"t1\"", "Wed, 21 Oct 2015 07:28:00 GMT", null));
    RESOURCES.put("/", new Resource("report\n".getBytes(StandardCharsets.UTF_8), null, null, "attachment; filename=\"report.txt\""));
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        ADD --checksum=%s %s/dl/tool.sh /opt/
        ADD --chmod=755 %s/dl/tool.sh /usr/local/bin/tool
        ADD %s/?id=1 /reports/
        RUN /usr/local/bin/tool > /ran.txt
        """.formatted(TestEnvironment.BASE_IMAGE, sha(tool), base, base, base));

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());

    assertThat(out.resolve("opt/tool.sh")).hasContent(tool);
    assertThat(mode(out.resolve("opt/tool.sh"))).isEqualTo(0600);
    assertThat(Files.getLastModifiedTime(out.resolve("opt/tool.sh")).toInstant()).isEqualTo(Instant.parse("2015-10-21T07:28:00Z"));
    assertThat(mode(out.resolve("usr/local/bin/tool"))).isEqualTo(0755);
    assertThat(out.resolve("ran.txt")).hasContent("tool");
    assertThat(out.resolve("reports/report.txt")).hasContent("report");
  }

  @Test
  void addUrl_checksumMismatch_oneLineErrorNamingUrlAndBothDigests(@TempDir Path ctx) throws Exception {
    RESOURCES.put("/bad.bin", new Resource("actual".getBytes(StandardCharsets.UTF_8), null, null, null));
    String wrong = sha("expected");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM %s\nADD --checksum=%s %s/bad.bin /bad.bin\n".formatted(TestEnvironment.BASE_IMAGE, wrong, base));

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("ADD " + base + "/bad.bin: checksum mismatch")
        .hasMessageContaining(wrong)
        .hasMessageContaining(sha("actual"))
        .hasMessageNotContaining("\n");
  }

  @Test
  void addUrl_missing_errorNamesUrlAndStatus(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM %s\nADD %s/nope.txt /nope.txt\n".formatted(TestEnvironment.BASE_IMAGE, base));

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("ADD " + base + "/nope.txt: the server answered HTTP 404");
  }

  @Test
  void addUrl_rebuild_revalidatesWithEtagAndStaysCached_untilContentChanges(@TempDir Path ctx, @TempDir Path out) throws Exception {
    RESOURCES.put("/data.txt", new Resource("one".getBytes(StandardCharsets.UTF_8), "\"v1\"", null, null));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM %s\nADD %s/data.txt /data.txt\nRUN cat /data.txt > /copy.txt\n".formatted(TestEnvironment.BASE_IMAGE, base));
    BuildRequest.Builder req = request(ctx, cacheDir, Platform.LINUX_AMD64);

    BuildResult first = run(req.build());
    REQUESTS.clear();
    BuildResult second = run(req.build());
    List<String> secondRequests = List.copyOf(REQUESTS);
    RESOURCES.put("/data.txt", new Resource("two".getBytes(StandardCharsets.UTF_8), "\"v2\"", null, null));
    BuildResult third = run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());

    assertThat(executed(first)).anyMatch(n -> n.contains("ADD")).anyMatch(n -> n.contains("RUN"));
    assertThat(secondRequests).containsExactly("/data.txt 304 if-none-match=\"v1\"");
    assertThat(executed(second)).isEmpty();
    assertThat(executed(third)).anyMatch(n -> n.contains("ADD")).anyMatch(n -> n.contains("RUN"));
    assertThat(out.resolve("copy.txt")).hasContent("two");
  }
}
