package io.multiarchbuild.engine.exec;

/** {@code RUN --network=...}. */
public enum NetworkMode {
  /**
   * What a RUN gets without {@code --network}. BuildKit gives it the network of its worker's
   * default provider: a CNI bridge where CNI is configured, otherwise the host's network (the common
   * case for a standalone buildkitd). We have no CNI plugins, so DEFAULT shares the host's network
   * namespace, exactly like {@link #HOST}; the process still gets its own hostname and the generated
   * /etc/hosts and /etc/resolv.conf.
   */
  DEFAULT,
  /** A new, empty network namespace; runc brings its loopback interface up, nothing else exists. */
  NONE,
  /** The host's network namespace ({@code --network=host}, entitlement {@code network.host}). */
  HOST;

  /** Whether the container gets its own network namespace. */
  boolean isolated() {
    return this == NONE;
  }
}
