package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code secrets/ssh-specs.tsv}: buildx's {@code --ssh} syntax and its errors. */
class SshSpecTest {

  static Stream<Arguments> cases() {
    return TsvTable.read("/secrets/ssh-specs.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1)));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("cases")
  void parse_followsBuildxSyntax(String value, String expected) {
    if (expected.startsWith("ERROR ")) {
      assertThatThrownBy(() -> SshSpec.parse(value))
          .isInstanceOf(SecretsError.class)
          .hasMessageStartingWith("--ssh " + value + ": ")
          .hasMessageContaining(expected.substring("ERROR ".length()));
    } else {
      String[] want = expected.split(" ", 2);
      List<String> paths = want.length == 1 ? List.of() : Arrays.asList(want[1].split("\\|"));
      assertThat(SshSpec.parse(value)).isEqualTo(new SshSpec(want[0], paths));
    }
  }

  @Test
  void table_coversValidAndInvalidValues() {
    assertThat(TsvTable.read("/secrets/ssh-specs.tsv")).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void parse_default_meansTheCallersAgent() {
    SshSpec spec = SshSpec.parse("default");
    assertThat(spec.id()).isEqualTo(SshSpec.DEFAULT_ID);
    assertThat(spec.paths()).isEmpty();
  }
}
