package io.multiarchbuild.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

  @Test
  void idleMillis_minutesByDefault_secondsWithAnSSuffix_defaultWhenMalformed() {
    assertThat(ClientConfig.idleMillis(Map.of())).isEqualTo(30 * 60_000L);
    assertThat(ClientConfig.idleMillis(Map.of("MULTIARCH_BUILD_SERVER_IDLE", "5"))).isEqualTo(5 * 60_000L);
    assertThat(ClientConfig.idleMillis(Map.of("MULTIARCH_BUILD_SERVER_IDLE", "7s"))).isEqualTo(7_000L);
    assertThat(ClientConfig.idleMillis(Map.of("MULTIARCH_BUILD_SERVER_IDLE", "soon"))).isEqualTo(30 * 60_000L);
    assertThat(ClientConfig.idleMillis(Map.of("MULTIARCH_BUILD_SERVER_IDLE", "0"))).as("at least one").isEqualTo(60_000L);
  }
}
