package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.secrets.SshSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineInputsTest {

  private static BuildRequest map(EngineInputs inputs, Options o) {
    o.platforms = List.of("linux/amd64");
    return RequestMapper.toRequest(o.build(), List.of(Platform.LINUX_AMD64), Path.of("/ws"), Path.of("/cache"), null, inputs);
  }

  private static EngineInputs inputs(Map<String, byte[]> secrets, Map<String, List<EngineInputs.KeyText>> keys, String socket) {
    return new EngineInputs(secrets, keys, socket, Map.of(), List.of());
  }

  @Test
  void applyTo_secretValues_becomeTheRequestsSecretStore_andCloseWipesThem() {
    Map<String, byte[]> secrets = new LinkedHashMap<>();
    secrets.put("npm", "tok-123".getBytes(StandardCharsets.UTF_8));
    secrets.put("netrc", "machine a\nlogin someone-long\n".getBytes(StandardCharsets.UTF_8));
    EngineInputs inputs = inputs(secrets, Map.of(), null);

    BuildRequest request = map(inputs, new Options());

    assertThat(request.secrets().ids()).containsExactlyInAnyOrder("npm", "netrc");
    assertThat(request.secrets().get("npm")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("tok-123"));
    assertThat(inputs.maskValues()).contains("tok-123", "login someone-long");
    assertThat(request.ssh()).isEmpty();
    assertThat(request.sshKeys()).isEmpty();
    inputs.close();
    assertThat(request.secrets().get("npm")).hasValueSatisfying(v -> assertThat(v).containsOnly(0));
  }

  @Test
  void applyTo_forwardedAgent_isTheDefaultSshIdWithThatSocket() {
    BuildRequest request = map(inputs(Map.of(), Map.of(), "/tmp/ssh-XXXX/agent.42"), new Options());

    assertThat(request.ssh()).containsExactly(new SshSpec(SshSpec.DEFAULT_ID, List.of("/tmp/ssh-XXXX/agent.42")));
  }

  @Test
  void applyTo_unreadableSshKey_failsWithOneLineNamingTheCredential() {
    EngineInputs inputs = inputs(Map.of(), Map.of("deploy", List.of(new EngineInputs.KeyText("deploy-key", "not a key", null))), null);

    assertThatThrownBy(() -> map(inputs, new Options()))
        .isInstanceOf(UserError.class).hasMessageContaining("deploy-key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void applyTo_cacheImportAndExport_reachTheRequest_badValueNamesTheOption() {
    Options both = new Options();
    both.cacheFrom = List.of("type=registry,ref=r.example/x:cache", "type=local,src=/tmp/c");
    both.cacheTo = List.of("type=registry,ref=r.example/x:cache,mode=max");
    Options bad = new Options();
    bad.cacheTo = List.of("type=registry,ref=r.example/x:cache,mode=all");

    var request = map(EngineInputs.none(), both);
    assertThat(request.cacheFrom()).hasSize(2);
    assertThat(request.cacheTo()).hasSize(1);
    assertThatThrownBy(() -> map(EngineInputs.none(), bad)).isInstanceOf(OptionError.class)
        .hasMessageContaining("cacheTo[0]").hasMessageContaining("mode=all")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
