package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.oci.Digest;

/**
 * A {@code RUN --mount} resolved against the graph: the dockerfile-level {@link RunMount} (expanded,
 * with defaults) plus the op whose file system it reads.
 *
 * @param mount the mount options; for secrets only the id is ever known here, never the value
 * @param input key of the op providing the files (bind/cache {@code from}, or the context for a
 *     bind without {@code from}); null when nothing is read
 * @param inputName what {@code input} is, for people: a stage name, {@code context} or an image ref
 */
public record ExecMount(RunMount mount, Digest input, String inputName) {}
