package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.CacheUsage;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multiarch-build du}: disk usage of the local build cache, like {@code docker buildx du}. */
@Command(
    name = "du",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Show disk usage of the local build cache.")
final class DiskUsageCommand extends CallerCommand {

  @Mixin CacheDirOption cacheDir;

  @Option(names = "--verbose", description = "Show every record's details.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    CacheDir cache = cacheDir.open(invocation);
    CacheUsage usage = cache.usage();
    Instant now = Instant.now();
    if (verbose) {
      for (CacheUsage.Entry e : CacheTable.largestFirst(usage.entries())) {
        CacheTable.verbose(out, e, now);
      }
    } else {
      CacheTable.header(out);
      for (CacheUsage.Entry e : CacheTable.largestFirst(usage.entries())) {
        CacheTable.row(out, e, now);
      }
    }
    if (usage.sharedBytes() > 0) {
      CacheTable.kv(out, "Shared", HumanUnits.size(usage.sharedBytes()));
      CacheTable.kv(out, "Private", HumanUnits.size(usage.totalBytes() - usage.sharedBytes()));
    }
    // Everything is reclaimable: the cache holds nothing a running build cannot rebuild, and prune
    // waits for running builds anyway.
    CacheTable.kv(out, "Reclaimable", HumanUnits.size(usage.totalBytes()));
    CacheTable.kv(out, "Total", HumanUnits.size(usage.totalBytes()));
    out.flush();
    return 0;
  }
}
