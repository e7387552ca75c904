package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSourceOpTest {

  @Test
  void fileName_lastPathSegment_winsOverContentDisposition() {
    assertThat(HttpSourceOp.fileName("https://h/x/tool.tar.gz?v=1", Optional.of("attachment; filename=other"))).isEqualTo("tool.tar.gz");
    assertThat(HttpSourceOp.fileName("https://h/x/dl/", Optional.empty())).isEqualTo("dl");
  }

  @Test
  void fileName_noPathSegment_usesContentDispositionWithoutDirectories() {
    assertThat(HttpSourceOp.fileName("https://h/?id=3", Optional.of("attachment; filename=\"../../etc/report.txt\""))).isEqualTo("report.txt");
    assertThat(HttpSourceOp.fileName("https://h", Optional.of("inline; filename=a.bin"))).isEqualTo("a.bin");
  }

  @Test
  void fileName_nothingToGoOn_isUnnamed() {
    assertThat(HttpSourceOp.fileName("https://h/", Optional.empty())).isEqualTo("__unnamed__");
  }

  @Test
  void httpDate_rfc1123_parsed_andGarbageIgnored() {
    assertThat(HttpSourceOp.httpDate("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Instant.parse("2015-10-21T07:28:00Z"));
    assertThat(HttpSourceOp.httpDate("yesterday")).isEmpty();
  }

  @Test
  void meta_isWrittenAndReadAsJacksonsBeanSerializerDid() throws Exception {
    ObjectMapper oracle = new ObjectMapper(); // how meta.json was written and read before
    for (HttpSourceOp.Meta m : List.of(
        new HttpSourceOp.Meta("https://h/a b?c=\"d\"&e=é", "W/\"etag\\1\"", "Wed, 21 Oct 2015 07:28:00 GMT", "sha256:" + "a".repeat(64), "d1"),
        new HttpSourceOp.Meta("https://h/x", null, null, "sha256:" + "b".repeat(64), "d\u0001\n"))) {
      assertThat(m.toJson()).isEqualTo(oracle.writeValueAsString(m));
      byte[] old = oracle.writeValueAsBytes(m);
      assertThat(HttpSourceOp.Meta.parse(old)).isEqualTo(m).isEqualTo(oracle.readValue(old, HttpSourceOp.Meta.class));
    }
    for (String bad : List.of("{\"url\":\"u\",\"future\":1}", "[]", "{\"etag\":{}}", "", "{\"url\":")) {
      assertThatThrownBy(() -> HttpSourceOp.Meta.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad).isInstanceOf(Exception.class);
      assertThatThrownBy(() -> oracle.readValue(bad, HttpSourceOp.Meta.class)).as("oracle: " + bad).isInstanceOf(Exception.class);
    }
  }
}
