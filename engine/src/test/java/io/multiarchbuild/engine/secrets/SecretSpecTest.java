package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs {@code secrets/secret-specs.tsv}: buildx's {@code --secret} syntax and its errors. */
class SecretSpecTest {

  static Stream<Arguments> cases() {
    return TsvTable.read("/secrets/secret-specs.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1), r.get(2)));
  }

  @ParameterizedTest(name = "{0} (env: {1}) → {2}")
  @MethodSource("cases")
  void parse_followsBuildxSyntax(String value, String envNames, String expected) {
    Map<String, String> env =
        envNames.equals("-")
            ? Map.of()
            : Arrays.stream(envNames.split(",")).collect(Collectors.toMap(Function.identity(), n -> "v"));
    if (expected.startsWith("ERROR ")) {
      assertThatThrownBy(() -> SecretSpec.parse(value, env))
          .isInstanceOf(SecretsError.class)
          .hasMessageContaining(expected.substring("ERROR ".length()))
          .hasMessageStartingWith("--secret " + value + ": ")
          .message()
          .doesNotContain("\n");
    } else {
      String[] want = expected.split(" ");
      assertThat(SecretSpec.parse(value, env))
          .isEqualTo(new SecretSpec(want[1], SecretSpec.Type.valueOf(want[0]), want[2]));
    }
  }

  @Test
  void table_coversValidAndInvalidValues() {
    List<List<String>> rows = TsvTable.read("/secrets/secret-specs.tsv");
    assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
    assertThat(rows).anySatisfy(r -> assertThat(r.get(2)).startsWith("ERROR"));
    assertThat(rows).anySatisfy(r -> assertThat(r.get(2)).startsWith("ENV"));
  }

  @Test
  void parse_withoutType_prefersAnExistingVariableNamedLikeTheId() {
    assertThat(SecretSpec.parse("id=TOKEN", Map.of("TOKEN", "x")).type()).isEqualTo(SecretSpec.Type.ENV);
    assertThat(SecretSpec.parse("id=TOKEN", Map.of("OTHER", "x")).type()).isEqualTo(SecretSpec.Type.FILE);
  }
}
