package io.multiarchbuild.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

  @TempDir Path tmp;

  @Test
  void runToEnd_onInterruptedThread_completesTheCommand_andKeepsTheInterrupt() throws Exception {
    Path marker = tmp.resolve("done");
    Thread.currentThread().interrupt();
    try {
      Commands.Result r = Commands.runToEnd(tmp, List.of("sh", "-c", "sleep 0.2; echo finished > done"));
      assertThat(r.ok()).isTrue();
      assertThat(Files.readString(marker)).isEqualTo("finished\n");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
