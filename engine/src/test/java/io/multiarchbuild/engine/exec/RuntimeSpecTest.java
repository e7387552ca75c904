package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSpecTest {

  private static final Path ROOTFS = Path.of("/state/snap/1/fs");
  private static final Path HOSTS = Path.of("/state/mab-1/hosts");
  private static final Path RESOLV = Path.of("/state/mab-1/resolv.conf");

  private static JsonNode spec(ExecRequest request, UserResolver.ResolvedUser user, Map<Mount.File, Path> files) {
    return RuntimeSpec.build(request, user, HOSTS, RESOLV, files);
  }

  private static ExecRequest request(ProcessSpec process) {
    return ExecRequest.of(ROOTFS, process, Platform.LINUX_AMD64);
  }

  @Test
  void build_defaultNetwork_sharesHostNetworkButIsolatesTheRest() {
    JsonNode s = spec(request(ProcessSpec.of("/bin/sh", "-c", "true")), new UserResolver.ResolvedUser(0, 0, List.of()),
        Map.of());
    assertThat(texts(s.path("linux").path("namespaces"), "type")).containsExactly("pid", "ipc", "uts", "mount");
  }

  @Test
  void build_networkNone_addsANetworkNamespace() {
    JsonNode s = spec(request(ProcessSpec.of("true")).withNetwork(NetworkMode.NONE),
        new UserResolver.ResolvedUser(0, 0, List.of()), Map.of());
    assertThat(texts(s.path("linux").path("namespaces"), "type")).containsExactly("pid", "ipc", "uts", "mount",
        "network");
  }

  @Test
  void build_networkHost_hasNoNetworkNamespace() {
    JsonNode s = spec(request(ProcessSpec.of("true")).withNetwork(NetworkMode.HOST),
        new UserResolver.ResolvedUser(0, 0, List.of()), Map.of());
    assertThat(texts(s.path("linux").path("namespaces"), "type")).doesNotContain("network");
  }

  @Test
  void build_process_hasArgsCwdUserAndNoTerminal() {
    ProcessSpec p = new ProcessSpec(List.of("/bin/sh", "-c", "make"), List.of("A=1"), "/src", "builder");
    JsonNode s = spec(request(p), new UserResolver.ResolvedUser(1000, 1000, List.of(10, 50)), Map.of());
    JsonNode process = s.path("process");
    assertThat(process.path("terminal").asBoolean(true)).isFalse();
    assertThat(texts(process.path("args"))).containsExactly("/bin/sh", "-c", "make");
    assertThat(process.path("cwd").asText()).isEqualTo("/src");
    assertThat(process.path("user").path("uid").asInt()).isEqualTo(1000);
    assertThat(process.path("user").path("gid").asInt()).isEqualTo(1000);
    assertThat(process.path("user").path("additionalGids").toString()).isEqualTo("[10,50]");
    assertThat(process.path("noNewPrivileges").asBoolean(true)).isFalse();
  }

  @Test
  void build_env_addsDefaultPathAndHostname() {
    JsonNode s = spec(request(ProcessSpec.of("env").withEnv(List.of("A=1"))),
        new UserResolver.ResolvedUser(0, 0, List.of()), Map.of());
    assertThat(texts(s.path("process").path("env"))).containsExactly("A=1",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=buildkitsandbox");
    assertThat(s.path("hostname").asText()).isEqualTo("buildkitsandbox");
  }

  @Test
  void build_envWithPath_keepsIt() {
    JsonNode s = spec(request(ProcessSpec.of("env").withEnv(List.of("PATH=/opt/bin"))),
        new UserResolver.ResolvedUser(0, 0, List.of()), Map.of());
    assertThat(texts(s.path("process").path("env"))).containsExactly("PATH=/opt/bin", "HOSTNAME=buildkitsandbox");
  }

  @Test
  void build_capabilities_areDockersDefaultSet() {
    JsonNode caps = spec(request(ProcessSpec.of("true")), new UserResolver.ResolvedUser(0, 0, List.of()), Map.of())
        .path("process").path("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      assertThat(texts(caps.path(set))).as(set).hasSize(14).contains("CAP_CHOWN", "CAP_SETUID", "CAP_NET_BIND_SERVICE")
          .doesNotContain("CAP_SYS_ADMIN");
    }
    assertThat(caps.has("ambient")).isFalse();
  }

  @Test
  void build_root_isTheWritableRootfs() {
    JsonNode root = spec(request(ProcessSpec.of("true")), new UserResolver.ResolvedUser(0, 0, List.of()), Map.of())
        .path("root");
    assertThat(root.path("path").asText()).isEqualTo(ROOTFS.toString());
    assertThat(root.path("readonly").asBoolean(true)).isFalse();
  }

  @Test
  void build_standardMounts_areProcDevSysAndGeneratedEtcFiles() {
    JsonNode mounts = spec(request(ProcessSpec.of("true")), new UserResolver.ResolvedUser(0, 0, List.of()), Map.of())
        .path("mounts");
    assertThat(texts(mounts, "destination")).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue",
        "/sys", "/sys/fs/cgroup", "/etc/hosts", "/etc/resolv.conf");
    assertThat(mountAt(mounts, "/proc").path("type").asText()).isEqualTo("proc");
    assertThat(texts(mountAt(mounts, "/sys").path("options"))).contains("ro");
    assertThat(mountAt(mounts, "/etc/hosts").path("source").asText()).isEqualTo(HOSTS.toString());
    assertThat(texts(mountAt(mounts, "/etc/hosts").path("options"))).contains("rbind", "ro");
    assertThat(mountAt(mounts, "/etc/resolv.conf").path("source").asText()).isEqualTo(RESOLV.toString());
  }

  @Test
  void build_requestMounts_followTheStandardOnesInOrder() {
    Mount.File secret = new Mount.File(Path.of("/in/secret"), "/run/secrets/token", 0, 0, 0400);
    ExecRequest r = request(ProcessSpec.of("true")).withMounts(List.of(
        new Mount.Bind(Path.of("/cache/go"), "/root/go", false),
        new Mount.Bind(Path.of("/ctx"), "/src", true),
        new Mount.Tmpfs("/tmp", 64L << 20),
        new Mount.Tmpfs("/scratch", 0),
        secret));
    JsonNode mounts = spec(r, new UserResolver.ResolvedUser(0, 0, List.of()),
        Map.of(secret, Path.of("/state/mab-1/files/0"))).path("mounts");
    assertThat(texts(mounts, "destination")).endsWith("/root/go", "/src", "/tmp", "/scratch", "/run/secrets/token");
    assertThat(mountAt(mounts, "/root/go").toString())
        .isEqualTo("{\"destination\":\"/root/go\",\"type\":\"bind\",\"source\":\"/cache/go\","
            + "\"options\":[\"rbind\",\"rw\"]}");
    assertThat(texts(mountAt(mounts, "/src").path("options"))).containsExactly("rbind", "ro");
    assertThat(texts(mountAt(mounts, "/tmp").path("options"))).containsExactly("nosuid", "nodev", "size=67108864");
    assertThat(texts(mountAt(mounts, "/scratch").path("options"))).containsExactly("nosuid", "nodev");
    assertThat(mountAt(mounts, "/run/secrets/token").path("source").asText()).isEqualTo("/state/mab-1/files/0");
    assertThat(texts(mountAt(mounts, "/run/secrets/token").path("options"))).containsExactly("rbind", "ro");
  }

  @Test
  void mountTargets_listsStandardAndRequestTargets() {
    ExecRequest r = request(ProcessSpec.of("true")).withMounts(List.of(new Mount.Tmpfs("/x", 0)));
    assertThat(RuntimeSpec.mountTargets(r)).contains("/proc", "/etc/hosts", "/etc/resolv.conf").endsWith("/x");
  }

  @Test
  void build_devices_denyAllAndLeaveDefaultsToRunc() {
    JsonNode devices = spec(request(ProcessSpec.of("true")), new UserResolver.ResolvedUser(0, 0, List.of()), Map.of())
        .path("linux").path("resources").path("devices");
    assertThat(devices.toString()).isEqualTo("[{\"allow\":false,\"access\":\"rwm\"}]");
  }

  private static JsonNode mountAt(JsonNode mounts, String destination) {
    for (JsonNode m : mounts) {
      if (m.path("destination").asText().equals(destination)) {
        return m;
      }
    }
    throw new AssertionError("no mount at " + destination + " in " + mounts);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
