/**
 * The local build cache: one directory ({@link io.multiarchbuild.engine.cache.CacheDir}) holding a
 * content store of blobs by digest, an index of cache records, snapshot and cache-mount directories,
 * a file-checksum index for build contexts, and the locks that let several builds (threads or JVMs)
 * share it while garbage collection runs safely.
 *
 * <p>On-disk layout (format version {@value io.multiarchbuild.engine.cache.CacheDir#FORMAT_VERSION}):
 *
 * <pre>
 * VERSION                      format version, written once (atomically) when the directory is created
 * blobs/sha256/&lt;hex&gt;           content store; files are complete, verified and read-only
 * index/&lt;sha256(key)&gt;.json     one cache record per key; the file's mtime is the record's last use
 * snapshots/&lt;id&gt;/              directories owned by the snapshot code; allocated and deleted here
 * mounts/&lt;sha256(id)&gt;/          persistent RUN --mount=type=cache directories
 * checksums/&lt;sha256(root)&gt;.bin  context metadata index (binary): path → (size, mtime, inode, ctime, mode, digest)
 * resolved/&lt;sha256(ref,platform)&gt;.json  recently resolved FROM manifests (short TTL; see ResolvedImages)
 * tmp/                         staging on the same file system, so every publish is an atomic rename
 * locks/                       lock files (cache.lock, mount-*.lock, key-*.lock)
 * </pre>
 *
 * <p>Concurrency: several builds (threads of one JVM, or separate JVMs) share one cache directory.
 * Every publish is a rename of a complete file from {@code tmp/}, so readers never see partial
 * data and concurrent writers of the same blob or record both succeed. A build holds a shared
 * {@link io.multiarchbuild.engine.cache.CacheLocks#lease() lease} for its whole run; prune and GC
 * take the same lock exclusively, so nothing a running build uses or is still wiring up (a blob
 * before its record exists) can be swept. Locks are {@code FileChannel} locks combined with an
 * in-JVM readers–writer state, because file locks alone do not exclude threads of one process.
 */
package io.multiarchbuild.engine.cache;
