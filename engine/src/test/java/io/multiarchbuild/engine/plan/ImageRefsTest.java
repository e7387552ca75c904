package io.multiarchbuild.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

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
  @CsvSource({"Alpine", "alpine:", "alpine@sha256:xyz", "a//b", "UPPER/Case:1"})
  void normalize_rejectsInvalidReferences(String in) {
    assertThat(ImageRefs.normalize(in)).isNull();
  }
}
