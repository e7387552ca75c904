package io.multiarchbuild.engine.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the OCI runtime spec ({@code config.json}) for one RUN, matching what BuildKit's runc worker
 * generates from containerd's defaults: the container is root with Docker's default capability set
 * and may gain privileges (setuid binaries like sudo work), has its own mount, PID, IPC and UTS
 * namespaces (network only for {@link NetworkMode#NONE}), the usual /proc, /dev, read-only /sys and
 * /sys/fs/cgroup, and read-only /etc/hosts and /etc/resolv.conf we generate. No /run tmpfs: BuildKit drops it so a
 * RUN can write to the image's /run.
 */
final class RuntimeSpec {

  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Docker's (and containerd's) default capabilities for a container. */
  static final List<String> DEFAULT_CAPABILITIES = List.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
      "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
      "CAP_AUDIT_WRITE");

  private static final List<String> MASKED_PATHS = List.of(
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

  private static final List<String> READONLY_PATHS = List.of(
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private static final String HOSTS = "/etc/hosts";
  private static final String RESOLV_CONF = "/etc/resolv.conf";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RuntimeSpec() {}

  /**
   * The spec for {@code request}.
   *
   * @param hostsFile our generated hosts file (host path)
   * @param resolvConf our generated resolv.conf (host path)
   * @param fileSources host path to bind for each {@link Mount.File}, after the executor gave it its
   *     owner and mode
   */
  static ObjectNode build(ExecRequest request, UserResolver.ResolvedUser user, Path hostsFile, Path resolvConf,
      Map<Mount.File, Path> fileSources) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("ociVersion", "1.0.2");
    spec.set("process", process(request, user));
    ObjectNode root = spec.putObject("root");
    root.put("path", request.rootfs().toAbsolutePath().toString());
    root.put("readonly", false);
    spec.put("hostname", request.hostname());
    ArrayNode mounts = spec.putArray("mounts");
    mount(mounts, "/proc", "proc", "proc", "nosuid", "noexec", "nodev");
    mount(mounts, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(mounts, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620",
        "gid=5");
    mount(mounts, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
    mount(mounts, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(mounts, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    // BuildKit's withCGroup: tools that size themselves from cgroup limits (JVMs, make -j) can read them
    mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", "ro", "nosuid", "noexec", "nodev");
    mount(mounts, HOSTS, "bind", hostsFile.toString(), "rbind", "ro", "nosuid", "nodev", "noexec");
    mount(mounts, RESOLV_CONF, "bind", resolvConf.toString(), "rbind", "ro", "nosuid", "nodev", "noexec");
    for (Mount m : request.mounts()) {
      if (m instanceof Mount.Bind b) {
        mount(mounts, b.target(), "bind", b.source().toAbsolutePath().toString(), "rbind", b.readOnly() ? "ro" : "rw");
      } else if (m instanceof Mount.Tmpfs t) {
        List<String> options = new ArrayList<>(List.of("nosuid", "nodev"));
        if (t.sizeBytes() > 0) {
          options.add("size=" + t.sizeBytes());
        }
        mount(mounts, t.target(), "tmpfs", "tmpfs", options.toArray(String[]::new));
      } else if (m instanceof Mount.File f) {
        Path source = fileSources.get(f);
        if (source == null) {
          throw new IllegalStateException("file mount " + f.target() + " was not prepared");
        }
        mount(mounts, f.target(), "bind", source.toString(), "rbind", "ro");
      }
    }
    spec.set("linux", linux(request));
    return spec;
  }

  /** Every mount destination, for {@link MountStubs}. */
  static List<String> mountTargets(ExecRequest request) {
    List<String> targets = new ArrayList<>(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
        "/sys/fs/cgroup", HOSTS, RESOLV_CONF));
    request.mounts().forEach(m -> targets.add(m.target()));
    return targets;
  }

  /** The request's environment plus BuildKit's defaults: PATH when absent, HOSTNAME. */
  static List<String> environment(ExecRequest request) {
    List<String> env = new ArrayList<>(request.process().env());
    if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
      env.add("PATH=" + DEFAULT_PATH);
    }
    if (env.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) {
      env.add("HOSTNAME=" + request.hostname());
    }
    return env;
  }

  private static ObjectNode process(ExecRequest request, UserResolver.ResolvedUser user) {
    ObjectNode p = JSON.createObjectNode();
    p.put("terminal", false);
    ObjectNode u = p.putObject("user");
    u.put("uid", user.uid());
    u.put("gid", user.gid());
    if (!user.additionalGids().isEmpty()) {
      ArrayNode gids = u.putArray("additionalGids");
      user.additionalGids().forEach(gids::add);
    }
    ArrayNode args = p.putArray("args");
    request.process().args().forEach(args::add);
    ArrayNode env = p.putArray("env");
    environment(request).forEach(env::add);
    p.put("cwd", request.process().cwd());
    ObjectNode caps = p.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      ArrayNode a = caps.putArray(set);
      DEFAULT_CAPABILITIES.forEach(a::add);
    }
    // BuildKit's WithNewPrivileges: a RUN may use setuid binaries (sudo, su, ping)
    p.put("noNewPrivileges", false);
    return p;
  }

  private static ObjectNode linux(ExecRequest request) {
    ObjectNode linux = JSON.createObjectNode();
    ObjectNode resources = linux.putObject("resources");
    // deny all devices; runc adds its defaults (null, zero, full, random, urandom, tty, ptmx, pts)
    ObjectNode denyAll = resources.putArray("devices").addObject();
    denyAll.put("allow", false);
    denyAll.put("access", "rwm");
    ArrayNode namespaces = linux.putArray("namespaces");
    List<String> types = new ArrayList<>(List.of("pid", "ipc", "uts", "mount"));
    if (request.network().isolated()) {
      types.add("network");
    }
    types.forEach(t -> namespaces.addObject().put("type", t));
    ArrayNode masked = linux.putArray("maskedPaths");
    MASKED_PATHS.forEach(masked::add);
    ArrayNode readonly = linux.putArray("readonlyPaths");
    READONLY_PATHS.forEach(readonly::add);
    return linux;
  }

  private static void mount(ArrayNode mounts, String destination, String type, String source, String... options) {
    ObjectNode m = mounts.addObject();
    m.put("destination", destination);
    m.put("type", type);
    m.put("source", source);
    ArrayNode opts = m.putArray("options");
    for (String o : options) {
      opts.add(o);
    }
  }
}
