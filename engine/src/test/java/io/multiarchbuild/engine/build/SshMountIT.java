package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.secrets.SshKey;
import io.multiarchbuild.engine.secrets.SshSpec;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN --mount=type=ssh end to end: a RUN in real runc, as a non-root user, lists the identities of
 * each mounted agent with OpenSSH's ssh-add and logs into a real sshd on loopback with ssh, through
 * the agent. The three ways an agent is provided are all used: key files ({@code --ssh
 * default=KEY}), keys handed over in memory with a passphrase (Jenkins credentials), and the
 * caller's own running ssh-agent (a socket).
 */
class SshMountIT {

  static final String PASSPHRASE = "open sesame";

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireSsh();
  }

  @Test
  void sshMounts_inProcessAndForwardedAgents_runListsIdentitiesAndReachesSshd(@TempDir Path tmp) throws Exception {
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    Path fileKey = SshFixtures.key(keys, "file-key", "");
    Path credentialKey = SshFixtures.key(keys, "credential-key", PASSPHRASE);
    Path agentKey = SshFixtures.key(keys, "agent-key", "");
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    SshFixtures.copyClient(ctx.resolve("tools"));
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        ARG SSHD_PORT
        USER app
        RUN --mount=type=bind,source=tools,target=/tools \\
            --mount=type=ssh,uid=1000 \\
            --mount=type=ssh,id=deploy,target=/run/deploy.sock,uid=1000 \\
            --mount=type=ssh,id=fwd,target=/run/fwd.sock,uid=1000 \\
            set -e; T="/tools/ld-linux-x86-64.so.2 --library-path /tools"; \\
            echo "$SSH_AUTH_SOCK" > /tmp/sock.env; stat -c '%%a %%u' "$SSH_AUTH_SOCK" > /tmp/sock.stat; \\
            $T /tools/ssh-add -l > /tmp/default.ids; \\
            SSH_AUTH_SOCK=/run/deploy.sock $T /tools/ssh-add -l > /tmp/deploy.ids; \\
            SSH_AUTH_SOCK=/run/fwd.sock $T /tools/ssh-add -l > /tmp/fwd.ids; \\
            $T /tools/ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \\
              -p "$SSHD_PORT" root@127.0.0.1 echo reached-sshd > /tmp/ssh.out
        """.formatted(TestEnvironment.BASE_IMAGE));
    Path fs = tmp.resolve("fs");

    try (SshFixtures.Sshd sshd = new SshFixtures.Sshd(tmp.resolve("sshd"), List.of(Path.of(fileKey + ".pub")));
        SshFixtures.HostAgent agent = new SshFixtures.HostAgent(tmp.resolve("agent.sock"), agentKey)) {
      List<SshKey> credential = SshKey.parse("jenkins-credential", Files.readString(credentialKey), PASSPHRASE.toCharArray());
      BuildFixtures.run(request(ctx, tmp.resolve("cache"), Platform.LINUX_AMD64)
          .buildArg("SSHD_PORT", Integer.toString(sshd.port))
          .ssh(SshSpec.parse("default=" + fileKey))
          .ssh(SshSpec.parse("fwd=" + agent.socket))
          .sshKeys("deploy", credential)
          .output(OutputSpec.parse("type=local,dest=" + fs)).build());

      assertThat(Files.getAttribute(agent.socket, "unix:uid")).as("the caller's agent socket keeps its owner").isEqualTo(0);
    }

    assertThat(fs.resolve("tmp/ssh.out")).hasContent("reached-sshd");
    assertThat(fs.resolve("tmp/sock.env")).hasContent("/run/buildkit/ssh_agent.0");
    assertThat(fs.resolve("tmp/sock.stat")).hasContent("600 1000");
    assertThat(Files.readString(fs.resolve("tmp/default.ids"))).contains(SshFixtures.fingerprint(fileKey));
    assertThat(Files.readString(fs.resolve("tmp/deploy.ids"))).contains(SshFixtures.fingerprint(credentialKey));
    assertThat(Files.readString(fs.resolve("tmp/fwd.ids"))).contains(SshFixtures.fingerprint(agentKey));
    assertThat(fs.resolve("run")).as("the sockets' mount points leave no trace").doesNotExist();
  }

  @Test
  void sshMount_requiredButNotProvided_failsNamingTheId(@TempDir Path ctx, @TempDir Path cache) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN --mount=type=ssh,id=github,required true
        """.formatted(TestEnvironment.BASE_IMAGE));

    assertThatThrownBy(() -> BuildFixtures.run(request(ctx, cache, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("ssh agent \"github\" is required")
        .hasMessageContaining("--ssh github=");
  }
}
