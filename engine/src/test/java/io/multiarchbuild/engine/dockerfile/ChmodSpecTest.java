package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChmodSpecTest {

  @ParameterizedTest(name = "{0} on {1} (dir={2}) -> {3}")
  @CsvFileSource(resources = "/dockerfile/chmod/modes.csv", delimiter = '|', quoteCharacter = '"')
  void apply_modeOnSource_givesExpectedBits(String value, String source, boolean dir, String expected) {
    ChmodSpec spec = ChmodSpec.parse(value);
    assertThat(Integer.toOctalString(spec.apply(Integer.parseInt(source, 8), dir))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rwx", "u", "u=rwz", "u+x,", ",+x", "88", "07555", "u==q", "x+r"})
  void parse_invalidValue_throwsWithReason(String value) {
    assertThatThrownBy(() -> ChmodSpec.parse(value)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"u=rwz", "u+y", "rwx"})
  void checkChmod_invalidValue_isDockerfileErrorWithLine(String value) {
    assertThatThrownBy(() -> Instructions.checkChmod(value, "Dockerfile", 7))
        .isInstanceOf(DockerfileError.class)
        .hasMessageStartingWith("Dockerfile:7: invalid --chmod value \"" + value + "\"");
  }
}
