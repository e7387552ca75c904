package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.InvalidReferenceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference grammar and Docker's normalisation, driven by {@code registry/references.tsv}. */
class ImageReferenceTest {

  static Stream<Arguments> table() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (InputStream in = ImageReferenceTest.class.getResourceAsStream("/registry/references.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] cols = java.util.Arrays.copyOf(line.split("\t", -1), 5); // error rows have two columns
        cases.add(Arguments.of((Object[]) cols));
      }
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("table")
  void parse_tableCase_normalisesOrRejects(String input, String registryOrError, String repository, String tag,
      String digest) {
    if (registryOrError.startsWith("!")) {
      assertThatThrownBy(() -> ImageReference.parse(input))
          .isInstanceOf(InvalidReferenceException.class)
          .hasMessageStartingWith("invalid image reference \"" + input + "\": ")
          .hasMessageContaining(registryOrError.substring(1))
          .hasMessageNotContaining("\n");
      return;
    }
    ImageReference ref = ImageReference.parse(input);
    assertThat(ref.registry()).isEqualTo(registryOrError);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag.equals("-") ? null : tag);
    assertThat(ref.digest()).isEqualTo(digest.equals("-") ? null : Digest.parse(digest));
    assertThat(ImageReference.parse(ref.toString())).as("toString round-trips").isEqualTo(ref);
  }

  @Test
  void apiHost_dockerHub_isRegistry1() {
    assertThat(ImageReference.parse("busybox").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("127.0.0.1:5000/a").apiHost()).isEqualTo("127.0.0.1:5000");
  }

  @Test
  void reference_withDigest_prefersDigestOverTag() {
    Digest d = Digest.sha256("x");
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/test/busybox:1@" + d);
    assertThat(ref.reference()).isEqualTo(d.toString());
    assertThat(ref.withTag("2").reference()).isEqualTo("2");
    assertThat(ref.withDigest(d).tag()).isNull();
    assertThat(ref.context()).isEqualTo("127.0.0.1:5000/test/busybox");
    assertThat(ref.withRepository("other/repo").context()).isEqualTo("127.0.0.1:5000/other/repo");
  }
}
