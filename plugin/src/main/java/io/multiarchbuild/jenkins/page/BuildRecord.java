package io.multiarchbuild.jenkins.page;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.build.BuildResult;
import io.multiarchbuild.engine.progress.ProgressRecorder.VertexRecord;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the build page shows about one {@code multiArchBuild} invocation, small enough to live as a
 * JSON file in the run's directory: the image, each platform's digest and steps (status, duration,
 * clipped log), the cache hit ratio and timings. It holds no credentials: only what the engine's
 * progress stream showed, which the engine has already masked. Serializable because a per-label
 * build makes its record on the agent and sends it back over the remoting channel.
 *
 * @param imageName the pushed/exported names, comma-separated as buildx's {@code image.name}; empty if none
 * @param digest the index digest (or the manifest digest for a single-platform image)
 * @param platforms one entry per built platform, sorted by platform
 * @param otherSteps steps that belong to no single platform (exports, cache import/export, shared loads)
 * @param buildSteps how many Dockerfile steps (named {@code [...]} as BuildKit does) finished
 * @param cachedSteps how many of those came from the cache
 * @param totalMillis wall time of the whole invocation
 * @param cacheImportBytes bytes read by cache imports, or null when the build imported no cache
 * @param cacheExportBytes bytes written by cache exports, or null when it exported none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildRecord(
    @JsonProperty("imageName") String imageName,
    @JsonProperty("digest") String digest,
    @JsonProperty("platforms") List<PlatformRecord> platforms,
    @JsonProperty("otherSteps") List<StepRecord> otherSteps,
    @JsonProperty("buildSteps") int buildSteps,
    @JsonProperty("cachedSteps") int cachedSteps,
    @JsonProperty("totalMillis") long totalMillis,
    @JsonProperty("cacheImportBytes") Long cacheImportBytes,
    @JsonProperty("cacheExportBytes") Long cacheExportBytes) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Per step, the log kept is at most this many characters (its end, where failures show). */
  public static final int STEP_LOG_LIMIT = 32 * 1024;
  /** All steps' logs together are at most this many characters; later logs are dropped with a note. */
  public static final int RECORD_LOG_LIMIT = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public BuildRecord {
    imageName = imageName == null ? "" : imageName;
    Objects.requireNonNull(digest, "digest");
    platforms = List.copyOf(platforms);
    otherSteps = otherSteps == null ? List.of() : List.copyOf(otherSteps);
  }

  /** One platform's image and the steps that built it, in the order they started. */
  public record PlatformRecord(
      @JsonProperty("platform") String platform,
      @JsonProperty("digest") String digest,
      @JsonProperty("steps") List<StepRecord> steps) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PlatformRecord {
      Objects.requireNonNull(platform, "platform");
      steps = steps == null ? List.of() : List.copyOf(steps);
    }
  }

  /**
   * One progress vertex as it ended.
   *
   * @param log its output, clipped to {@link #STEP_LOG_LIMIT} (the end is kept)
   * @param logClipped whether anything was cut, here or by the engine's own log limit
   */
  public record StepRecord(
      @JsonProperty("name") String name,
      @JsonProperty("status") Status status,
      @JsonProperty("durationMillis") long durationMillis,
      @JsonProperty("log") String log,
      @JsonProperty("logClipped") boolean logClipped,
      @JsonProperty("error") String error) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StepRecord {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      log = log == null ? "" : log;
    }

    /** {@code 1.2s}, as BuildKit's plain progress prints durations. */
    public String durationText() {
      return seconds(durationMillis);
    }

    public boolean hasLog() {
      return !log.isEmpty();
    }
  }

  /** How a step ended, as BuildKit's progress shows it. */
  public enum Status {
    @JsonProperty("done") DONE,
    @JsonProperty("cached") CACHED,
    @JsonProperty("error") ERROR,
    @JsonProperty("canceled") CANCELED,
    /** Never reported as finished (the build stopped before it ended). */
    @JsonProperty("incomplete") INCOMPLETE;

    /** {@code done}, {@code cached}, … for the page. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The record of {@code result}, which took {@code total} from start to finish. For a build that had
   * secrets, use {@link #of(BuildResult, Duration, Collection)}: the engine's result keeps the logs as
   * the steps printed them.
   */
  public static BuildRecord of(BuildResult result, Duration total) {
    return RecordBuilder.build(result, total, List.of());
  }

  /**
   * The record of {@code result} with every secret value (and its base64 forms) replaced by {@code
   * ****} in step names, logs and errors, as the console masks them — the record is stored on the
   * controller's disk and shown to anyone who can read the build.
   */
  public static BuildRecord of(BuildResult result, Duration total, Collection<String> secretValues) {
    return RecordBuilder.build(result, total, secretValues);
  }

  /**
   * One record for a build whose platforms were built separately (per agent label) and then joined:
   * the parts' platforms, steps and counts together, under the joined index's {@code digest}.
   *
   * @param parts the per-agent records, each with its own platform(s)
   * @param digest the joined index
   * @param total wall time of the whole invocation, joining included
   */
  public static BuildRecord merge(List<BuildRecord> parts, String digest, Duration total) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    List<PlatformRecord> platforms = new ArrayList<>();
    List<StepRecord> other = new ArrayList<>();
    String name = "";
    int steps = 0;
    int cached = 0;
    Long imported = null;
    Long exported = null;
    for (BuildRecord p : parts) {
      platforms.addAll(p.platforms());
      other.addAll(p.otherSteps());
      name = name.isEmpty() ? p.imageName() : name;
      steps += p.buildSteps();
      cached += p.cachedSteps();
      imported = sum(imported, p.cacheImportBytes());
      exported = sum(exported, p.cacheExportBytes());
    }
    platforms.sort(Comparator.comparing(PlatformRecord::platform));
    return new BuildRecord(name, digest, platforms, other, steps, cached, total.toMillis(), imported, exported);
  }

  private static Long sum(Long a, Long b) {
    if (a == null || b == null) {
      return a == null ? b : a; // no ternary over a + b: it would unbox a null
    }
    return a + b;
  }

  /** Cached share of the finished Dockerfile steps, 0..1; 0 when there were none. */
  public double cacheHitRatio() {
    return buildSteps == 0 ? 0 : (double) cachedSteps / buildSteps;
  }

  /** {@code 67%} (rounded), or {@code –} without steps. */
  public String cacheHitText() {
    return buildSteps == 0 ? "–" : Math.round(cacheHitRatio() * 100) + "%";
  }

  public String totalText() {
    return seconds(totalMillis);
  }

  /** The platforms, comma-separated, for one-line summaries. */
  public String platformList() {
    return String.join(", ", platforms.stream().map(PlatformRecord::platform).toList());
  }

  public boolean hasCacheBytes() {
    return cacheImportBytes != null || cacheExportBytes != null;
  }

  /** Writes the record as JSON to {@code file}, atomically (a reader never sees half a record). */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
    try {
      JSON.writeValue(temp.toFile(), this);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  public static BuildRecord read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), BuildRecord.class);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
  }

  /** Only the engine's own type is needed to know a vertex's status; kept here for the builder. */
  static Status statusOf(VertexRecord v) {
    var e = v.vertex();
    if (e.canceled()) {
      return Status.CANCELED;
    }
    if (e.error() != null) {
      return Status.ERROR;
    }
    if (e.cached()) {
      return Status.CACHED;
    }
    return e.completed() != null ? Status.DONE : Status.INCOMPLETE;
  }
}
