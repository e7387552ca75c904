package io.multiarchbuild.engine.exec;

import io.multiarchbuild.engine.common.GoStrings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecResultTest {

  @Test
  void failureMessage_exitCode_readsLikeBuildKit() {
    assertThat(new ExecResult(2, "").failureMessage(List.of("/bin/sh", "-c", "make")))
        .isEqualTo("process \"/bin/sh -c make\" did not complete successfully: exit code: 2");
  }

  @Test
  void failureMessage_quotesAndNewlines_areEscapedLikeGoPercentQ() {
    assertThat(new ExecResult(1, "").failureMessage(List.of("/bin/sh", "-c", "echo \"a\\b\"\nexit 1\t")))
        .isEqualTo("process \"/bin/sh -c echo \\\"a\\\\b\\\"\\nexit 1\\t\""
            + " did not complete successfully: exit code: 1");
  }

  @Test
  void failureMessage_runtimeError_replacesTheExitCode() {
    ExecResult r = new ExecResult(1, "runc run failed: unable to start container process: exec: \"nope\": "
        + "executable file not found in $PATH");
    assertThat(r.succeeded()).isFalse();
    assertThat(r.failureMessage(List.of("nope"))).isEqualTo("process \"nope\" did not complete successfully: "
        + "runc run failed: unable to start container process: exec: \"nope\": executable file not found in $PATH");
  }

  @Test
  void succeeded_onlyForExitZeroWithoutRuntimeError() {
    assertThat(new ExecResult(0, null).succeeded()).isTrue();
    assertThat(new ExecResult(3, "").succeeded()).isFalse();
  }

  @Test
  void goQuote_controlAndUnicode() {
    assertThat(GoStrings.quote("\u0001é\u007f")).isEqualTo("\"\\x01é\\x7f\"");
  }
}
