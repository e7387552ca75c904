package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;

/**
 * One op placed in a platform's graph.
 *
 * @param key the cache key: sha256 over the op's canonical encoding, which includes its inputs' keys
 * @param op the op
 * @param name the vertex name as BuildKit shows it, e.g. {@code [linux/arm64 build 2/5] RUN make};
 *     sources created implicitly (context, remote files) are named {@code [internal] …} or by their address
 * @param stageIndex the stage that created it
 * @param line the Dockerfile line of the instruction that created it (0 = none)
 */
public record Step(Digest key, Op op, String name, int stageIndex, int line) {}
