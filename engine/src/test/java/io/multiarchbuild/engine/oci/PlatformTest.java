package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

  @ParameterizedTest
  @CsvSource({
    "linux/amd64, linux/amd64",
    "linux/x86_64, linux/amd64",
    "linux/arm64, linux/arm64",
    "linux/arm64/v8, linux/arm64",
    "linux/aarch64, linux/arm64",
    "linux/arm, linux/arm/v7",
    "linux/arm/7, linux/arm/v7",
    "linux/arm/v6, linux/arm/v6",
    "linux/armhf, linux/arm/v7",
    "arm64, linux/arm64",
    "LINUX/AMD64, linux/amd64",
    "linux/riscv64, linux/riscv64",
  })
  void parse_normalisesAsContainerdDoes(String input, String expected) {
    assertThat(Platform.parse(input).toString()).isEqualTo(expected);
  }

  @Test
  void parse_equalSpellingsAreEqualRecords() {
    assertThat(Platform.parse("linux/arm64/v8")).isEqualTo(Platform.LINUX_ARM64);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "linux/", "/amd64", "linux/amd64/v1/x", "linux amd64", "linux/$ARCH"})
  void parse_rejectsMalformedWithOneLine(String input) {
    assertThatThrownBy(() -> Platform.parse(input))
        .isInstanceOf(InvalidPlatformException.class)
        .hasMessageContaining("invalid platform")
        .hasMessageContaining("os/arch[/variant]");
  }
}
