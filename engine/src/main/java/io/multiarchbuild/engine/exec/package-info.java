/**
 * Runs one {@code RUN} step: turns an {@link io.multiarchbuild.engine.exec.ExecRequest} into an OCI
 * runtime bundle and runs it with runc ({@link io.multiarchbuild.engine.exec.RuncExecutor}); checks
 * that a foreign platform can run through binfmt_misc/qemu ({@link
 * io.multiarchbuild.engine.exec.Emulation}). The root file system it is handed is prepared by the
 * snapshotter; whatever the process writes there is the step's diff.
 */
package io.multiarchbuild.engine.exec;
