/**
 * Build secrets and SSH agent forwarding, as {@code docker buildx build --secret/--ssh} takes them:
 * {@link io.multiarchbuild.engine.secrets.SecretSpec} and {@link io.multiarchbuild.engine.secrets.SecretStore}
 * for {@code RUN --mount=type=secret}, {@link io.multiarchbuild.engine.secrets.SecretFiles} to put a
 * value into a tmpfs-backed file, {@link io.multiarchbuild.engine.secrets.SshSpec},
 * {@link io.multiarchbuild.engine.secrets.SshKey}, {@link io.multiarchbuild.engine.secrets.SshAgentServer}
 * (an in-process, read-only ssh-agent) and {@link io.multiarchbuild.engine.secrets.SshForwarder}
 * (the caller's own agent), tied together per build by
 * {@link io.multiarchbuild.engine.secrets.SshSources}; {@link io.multiarchbuild.engine.secrets.SshAgentRelay}
 * gives each RUN its own socket to an agent. Both are used by
 * {@code RUN --mount=type=ssh}.
 *
 * <p>Values and private keys are held in memory only; nothing here writes them to a disk-backed
 * path, logs them or puts them in an exception message. Imports only {@code common}.
 */
package io.multiarchbuild.engine.secrets;
