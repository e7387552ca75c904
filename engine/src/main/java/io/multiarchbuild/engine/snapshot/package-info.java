/**
 * Root file systems for build steps: extracted base layers stacked as overlayfs lower dirs with a
 * fresh upper dir per RUN (the upper dir after the RUN is the layer diff), or, where overlayfs cannot
 * be mounted, a copied root file system diffed against a stat index. Entry points: {@link
 * io.multiarchbuild.engine.snapshot.Snapshotters#detect} and {@link
 * io.multiarchbuild.engine.snapshot.Snapshotter}.
 */
package io.multiarchbuild.engine.snapshot;
