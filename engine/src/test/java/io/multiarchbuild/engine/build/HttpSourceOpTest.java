package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
