package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.List;

/**
 * One vertex of a build graph. Inputs are referenced by their cache keys, so an op's canonical
 * encoding (see {@link CacheKeys}) covers its own definition and, transitively, everything it reads.
 */
public sealed interface Op
    permits ImageSource, ScratchSource, ContextSource, RemoteSource, Exec, FileCopy, MakeDir, Metadata {

  /** Short kind name used in the canonical encoding, the JSON output and the text tree. */
  String kind();

  /** The keys of the ops this op reads, in a fixed order. */
  List<Digest> inputs();
}
