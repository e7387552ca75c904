package io.multiarchbuild.engine.exec;

import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One RUN step, ready to execute.
 *
 * @param rootfs the container's root file system: a writable directory (the solver's mounted
 *     snapshot) whose changes after the run are the step's diff
 * @param process what to run
 * @param platform the platform the step targets; foreign ones run through binfmt_misc emulation
 * @param mounts extra mounts, applied in order after the standard ones
 * @param network the network namespace choice
 * @param hostname the container's hostname; empty means BuildKit's {@code buildkitsandbox}
 * @param extraHosts lines added to the generated /etc/hosts
 */
public record ExecRequest(Path rootfs, ProcessSpec process, Platform platform, List<Mount> mounts,
    NetworkMode network, String hostname, List<ExtraHost> extraHosts) {

  /** BuildKit's hostname for build containers. */
  public static final String DEFAULT_HOSTNAME = "buildkitsandbox";

  public ExecRequest {
    rootfs = Objects.requireNonNull(rootfs, "rootfs").toAbsolutePath().normalize();
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(platform, "platform");
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(network, "network");
    hostname = hostname == null || hostname.isEmpty() ? DEFAULT_HOSTNAME : hostname;
    if (hostname.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("not a host name: \"" + hostname + "\"");
    }
    extraHosts = List.copyOf(extraHosts);
  }

  /** A request with no extra mounts, the default network and hostname. */
  public static ExecRequest of(Path rootfs, ProcessSpec process, Platform platform) {
    return new ExecRequest(rootfs, process, platform, List.of(), NetworkMode.DEFAULT, "", List.of());
  }

  public ExecRequest withMounts(List<Mount> newMounts) {
    return new ExecRequest(rootfs, process, platform, newMounts, network, hostname, extraHosts);
  }

  public ExecRequest withProcess(ProcessSpec newProcess) {
    return new ExecRequest(rootfs, newProcess, platform, mounts, network, hostname, extraHosts);
  }

  public ExecRequest withHost(String newHostname, List<ExtraHost> newExtraHosts) {
    return new ExecRequest(rootfs, process, platform, mounts, network, newHostname, newExtraHosts);
  }

  public ExecRequest withNetwork(NetworkMode newNetwork) {
    return new ExecRequest(rootfs, process, platform, mounts, newNetwork, hostname, extraHosts);
  }
}
