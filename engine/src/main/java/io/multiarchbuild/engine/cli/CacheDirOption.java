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

  Path root() {
    return dir != null ? dir : CacheDir.defaultRoot(System.getenv());
  }

  CacheDir open() throws IOException {
    return CacheDir.open(root());
  }
}
