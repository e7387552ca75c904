package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.cache.CacheDir;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --cache-dir}, shared by every command that uses the local build cache. */
final class CacheDirOption {

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Local build cache directory (default: $XDG_CACHE_HOME/multiarch-build, else ~/.cache/multiarch-build).")
  Path dir;

  /** The cache directory for this caller: {@code --cache-dir} resolved against its directory, or its default. */
  Path root(Invocation invocation) {
    return dir != null ? invocation.workingDir().resolve(dir) : CacheDir.defaultRoot(invocation.env());
  }

  CacheDir open(Invocation invocation) throws IOException {
    return CacheDir.open(root(invocation));
  }
}
