package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.CacheRecord;
import io.multiarchbuild.engine.cache.CacheUsage;
import io.multiarchbuild.engine.cache.PruneOptions;
import io.multiarchbuild.engine.cache.PruneResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code multiarch-build prune}: removes build cache, like {@code docker buildx prune}. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Remove build cache from the local cache directory.",
      "Without --all, persistent RUN --mount=type=cache directories are kept."
    })
final class PruneCommand extends CallerCommand {

  static final String WARNING =
      "WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ";
  static final String WARNING_ALL =
      "WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ";

  @Mixin CacheDirOption cacheDir;

  @Option(names = {"-a", "--all"}, description = "Remove all cache, including cache-mount directories.")
  boolean all;

  @Option(
      names = "--keep-storage",
      paramLabel = "SIZE",
      description = "Keep this much cache (least recently used goes first), e.g. 10GB.")
  String keepStorage;

  @Option(
      names = "--filter",
      paramLabel = "FILTER",
      description = "until=DURATION (unused for that long, e.g. 24h) or type=KIND (layer, snapshot, "
          + "image-config, context-checksum, cache-mount, generic). Repeatable.")
  List<String> filters = new ArrayList<>();

  @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
  boolean force;

  @Option(names = "--verbose", description = "Show every removed record's details.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PruneOptions options = options();
    if (!force && !confirm(out)) {
      return 0;
    }
    CacheDir cache = cacheDir.open(invocation);
    PruneResult result = cache.prune(options);
    Instant now = Instant.now();
    if (!verbose && !result.removed().isEmpty()) {
      CacheTable.header(out);
    }
    for (CacheUsage.Entry e : result.removed()) {
      if (verbose) {
        CacheTable.verbose(out, e, now);
      } else {
        CacheTable.row(out, e, now);
      }
    }
    CacheTable.kv(out, "Total", HumanUnits.size(result.reclaimedBytes()));
    out.flush();
    return 0;
  }

  PruneOptions options() {
    long keep = keepStorage == null ? 0 : HumanUnits.parseSize(keepStorage);
    Optional<Duration> until = Optional.empty();
    Set<CacheRecord.Kind> kinds = EnumSet.noneOf(CacheRecord.Kind.class);
    for (String f : filters) {
      int eq = f.indexOf('=');
      String key = eq < 0 ? f : f.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : f.substring(eq + 1).trim();
      switch (key) {
        case "until", "unused-for" -> {
          if (until.isPresent()) {
            throw new CacheFlagError("--filter until= given twice");
          }
          until = Optional.of(HumanUnits.parseDuration(value));
        }
        case "type" -> {
          CacheRecord.Kind kind =
              value.equals("exec.cachemount") ? CacheRecord.Kind.CACHE_MOUNT : CacheRecord.Kind.fromLabel(value);
          if (kind == null) {
            throw new CacheFlagError(
                "--filter type=" + value + ": unknown type (layer, snapshot, image-config, context-checksum, cache-mount, generic)");
          }
          kinds.add(kind);
        }
        default -> throw new CacheFlagError(
            "--filter " + f + ": unknown filter (supported: until=DURATION, type=KIND)");
      }
    }
    return new PruneOptions(keep, until, all, kinds);
  }

  /** One line of input without its line break, or null at the end of input. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(Charset.defaultCharset());
      }
      line.write(b);
    }
    return line.toString(Charset.defaultCharset());
  }

  private boolean confirm(PrintWriter out) throws Exception {
    out.print(all ? WARNING_ALL : WARNING);
    out.flush();
    // not a BufferedReader kept open: it could read ahead past the line of a caller's piped input
    String answer = readInput(PruneCommand::readLine);
    return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
  }
}
