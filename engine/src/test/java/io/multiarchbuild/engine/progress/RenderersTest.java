package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenderersTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @ParameterizedTest
  @CsvSource({
    "auto, true, TtyRenderer",
    "auto, false, PlainRenderer",
    "tty, true, TtyRenderer",
    "tty, false, PlainRenderer",
    "plain, true, PlainRenderer",
    "PLAIN, false, PlainRenderer",
    "rawjson, true, RawJsonRenderer",
  })
  void forMode_picksRendererByModeAndTerminal(String mode, boolean terminal, String type) {
    assertThat(Renderers.forMode(mode, out, terminal).getClass().getSimpleName()).isEqualTo(type);
  }

  @ParameterizedTest
  @CsvSource({"quiet", "none"})
  void forMode_quiet_printsNothing(String mode) {
    try (ProgressSink sink = Renderers.forMode(mode, out, false)) {
      BuildScript.play(sink);
    }
    assertThat(bytes.size()).isZero();
  }

  @Test
  void forMode_unknown_isUserErrorNamingTheModes() {
    assertThatThrownBy(() -> Renderers.forMode("fancy", out, false))
        .isInstanceOf(InvalidProgressModeException.class)
        .isInstanceOf(UserError.class)
        .hasMessage("invalid progress mode \"fancy\": use one of auto, plain, tty, rawjson, quiet, none");
  }

  @Test
  void resolveMode_flagBeatsEnvironmentBeatsAuto() {
    assertThat(Renderers.resolveMode("plain", Map.of("BUILDKIT_PROGRESS", "rawjson"))).isEqualTo("plain");
    assertThat(Renderers.resolveMode(null, Map.of("BUILDKIT_PROGRESS", "rawjson"))).isEqualTo("rawjson");
    assertThat(Renderers.resolveMode(" ", Map.of("BUILDKIT_PROGRESS", ""))).isEqualTo("auto");
    assertThat(Renderers.resolveMode(null, Map.of())).isEqualTo("auto");
  }
}
