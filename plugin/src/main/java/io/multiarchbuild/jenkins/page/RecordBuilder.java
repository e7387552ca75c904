package io.multiarchbuild.jenkins.page;

import io.multiarchbuild.engine.build.BuildResult;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressRecorder.VertexRecord;
import io.multiarchbuild.engine.progress.ProgressSinks;
import io.multiarchbuild.engine.progress.SecretMasker;
import io.multiarchbuild.engine.progress.StatusEvent;
import io.multiarchbuild.engine.progress.VertexEvent;
import io.multiarchbuild.jenkins.page.BuildRecord.PlatformRecord;
import io.multiarchbuild.jenkins.page.BuildRecord.Status;
import io.multiarchbuild.jenkins.page.BuildRecord.StepRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the engine's {@link BuildResult} into a {@link BuildRecord}. A vertex belongs to a platform
 * when its name starts with that platform, as the engine (like BuildKit) prefixes Dockerfile steps in
 * multi-platform builds ({@code [linux/arm64 build 2/5] RUN make}); with one platform there is no
 * prefix, so every bracketed Dockerfile step is that platform's. Everything else (exports, cache
 * import/export, {@code [internal]} loads shared by all platforms) is listed separately.
 */
final class RecordBuilder {

  static final String BUDGET_NOTE = "[log not kept: this build's logs exceeded the record's "
      + BuildRecord.RECORD_LOG_LIMIT / 1024 + " KiB budget; see the console log]";

  private int logBudget = BuildRecord.RECORD_LOG_LIMIT;
  private final SecretMasker masker;

  private RecordBuilder(Collection<String> secrets) {
    this.masker = secrets.isEmpty() ? null : new SecretMasker(secrets, ProgressSinks.discard());
  }

  static BuildRecord build(BuildResult result, Duration total, Collection<String> secrets) {
    return new RecordBuilder(secrets).record(result, total);
  }

  private String mask(String text) {
    return masker == null || text == null ? text : masker.mask(text);
  }

  private BuildRecord record(BuildResult result, Duration total) {
    Map<String, Digest> digests = new TreeMap<>();
    for (Map.Entry<Platform, Digest> e : result.manifests().entrySet()) {
      digests.put(e.getKey().toString(), e.getValue());
    }
    Map<String, List<StepRecord>> byPlatform = new LinkedHashMap<>();
    digests.keySet().forEach(p -> byPlatform.put(p, new ArrayList<>()));
    List<StepRecord> other = new ArrayList<>();
    int buildSteps = 0;
    int cached = 0;
    Long imported = null;
    Long exported = null;
    for (VertexRecord v : result.vertices()) {
      String name = v.vertex().name();
      StepRecord step = step(v); // masked; the owner is found from the unmasked name
      String owner = owner(name, digests.keySet());
      (owner == null ? other : byPlatform.get(owner)).add(step);
      if (name.startsWith("[") && step.status() != Status.CANCELED && step.status() != Status.INCOMPLETE) {
        buildSteps++;
        if (step.status() == Status.CACHED) {
          cached++;
        }
      }
      if (name.startsWith("importing cache")) {
        imported = (imported == null ? 0 : imported) + bytes(v);
      } else if (name.startsWith("exporting cache")) {
        exported = (exported == null ? 0 : exported) + bytes(v);
      }
    }
    List<PlatformRecord> platforms = new ArrayList<>();
    for (Map.Entry<String, List<StepRecord>> e : byPlatform.entrySet()) {
      platforms.add(new PlatformRecord(e.getKey(), digests.get(e.getKey()).toString(), e.getValue()));
    }
    Object names = result.metadata().get("image.name");
    return new BuildRecord(names == null ? "" : names.toString(), result.digest().toString(), platforms, other,
        buildSteps, cached, total.toMillis(), imported, exported);
  }

  /** The platform a vertex name belongs to, or null. */
  static String owner(String name, java.util.Set<String> platforms) {
    if (!name.startsWith("[")) {
      return null;
    }
    int end = name.indexOf(']');
    int space = name.indexOf(' ');
    String first = name.substring(1, space > 0 && (end < 0 || space < end) ? space : Math.max(end, 1));
    if (platforms.contains(first)) {
      return first;
    }
    if (platforms.size() == 1 && !first.equals("internal")) {
      return platforms.iterator().next();
    }
    return null;
  }

  private StepRecord step(VertexRecord v) {
    VertexEvent e = v.vertex();
    long millis = e.started() != null && e.completed() != null
        ? Math.max(0, Duration.between(e.started(), e.completed()).toMillis()) : 0;
    String log = mask(v.log());
    boolean clipped = v.logClipped();
    if (log.length() > BuildRecord.STEP_LOG_LIMIT) {
      log = "[start of log clipped]\n" + log.substring(log.length() - BuildRecord.STEP_LOG_LIMIT);
      clipped = true;
    }
    if (log.length() > logBudget) {
      log = BUDGET_NOTE;
      clipped = true;
    } else {
      logBudget -= log.length();
    }
    return new StepRecord(mask(e.name()), BuildRecord.statusOf(v), millis, log, clipped, mask(e.error()));
  }

  /** What a cache vertex moved: the sum of its sub-tasks' byte counts. */
  private static long bytes(VertexRecord v) {
    long sum = 0;
    for (StatusEvent s : v.statuses()) {
      sum += Math.max(s.current(), 0);
    }
    return sum;
  }
}
