package io.multiarchbuild.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRefsTest {

  @ParameterizedTest
  @CsvSource({
    "busybox, docker.io/library/busybox:latest",
    "busybox:1.36, docker.io/library/busybox:1.36",
    "user/app, docker.io/user/app:latest",
    "index.docker.io/user/app:v2, docker.io/user/app:v2",
    "127.0.0.1:5000/test/busybox:1, 127.0.0.1:5000/test/busybox:1",
    "localhost/app, localhost/app:latest",
    "ghcr.io/owner/image:sha-1234, ghcr.io/owner/image:sha-1234",
    "'[::1]:5000/app:1', '[::1]:5000/app:1'",
    "busybox:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, docker.io/library/busybox:1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  })
  void normalize_followsDockerRules(String in, String out) {
    assertThat(ImageRefs.normalize(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"Alpine", "alpine:", "alpine@sha256:xyz", "a//b", "UPPER/Case:1",
    // the registry client's grammar: a host must be a host name, a digest sha256/sha512 in full
    "bad_host.example/app", "app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void normalize_rejectsInvalidReferences(String in) {
    assertThat(ImageRefs.normalize(in)).isNull();
  }

  @Test
  void normalize_agreesWithTheRegistryClientsReferenceTable() throws IOException {
    // registry/references.tsv drives registry.ImageReferenceTest; the planner must read every row alike
    String table;
    try (InputStream in = ImageRefsTest.class.getResourceAsStream("/registry/references.tsv")) {
      table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int rows = 0;
    for (String line : table.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols[1].startsWith("!")) {
        assertThat(ImageRefs.normalize(cols[0])).as(cols[0]).isNull();
      } else {
        String expected = cols[1] + "/" + cols[2] + (cols[3].equals("-") ? "" : ":" + cols[3])
            + (cols[4].equals("-") ? "" : "@" + cols[4]);
        assertThat(ImageRefs.normalize(cols[0])).as(cols[0]).isEqualTo(expected);
      }
      rows++;
    }
    assertThat(rows).isGreaterThanOrEqualTo(40);
  }
}
